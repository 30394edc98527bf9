/** Pure helpers to read IAM policy documents (identity, trust and bucket policies). */
export * from './statements.ts';
export * from './wildcard.ts';
export * from './allows.ts';
export * from './isFullAdmin.ts';
export * from './wildcardPrincipal.ts';
export * from './deniesInsecureTransport.ts';
export * from './privilegeEscalation.ts';
