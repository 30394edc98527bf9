/**
 * S3 (path-style REST XML) and S3 Control: the bucket configuration reads the collectors call,
 * with AWS's XML, "not configured" errors, ListBuckets pagination and the region redirect.
 */
import type { S3Bucket } from '../model/resources.ts';
import type { DayView } from './day-view.ts';
import { isBucketPolicyPublic } from './policy-logic.ts';
import type { Scenario } from './scenario.ts';
import { S3CONTROL_NS, S3_NS, el, esc, s3ControlError, s3Error, s3Headers, s3Ok } from './wire-format.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';

/** Sub-resource query key -> operation name, for GET on a bucket. */
export const S3_BUCKET_GETS: Record<string, string> = {
  location: 'GetBucketLocation',
  encryption: 'GetBucketEncryption',
  versioning: 'GetBucketVersioning',
  publicAccessBlock: 'GetPublicAccessBlock',
  policyStatus: 'GetBucketPolicyStatus',
  policy: 'GetBucketPolicy',
  acl: 'GetBucketAcl',
  logging: 'GetBucketLogging',
  'object-lock': 'GetObjectLockConfiguration',
  lifecycle: 'GetBucketLifecycleConfiguration',
  replication: 'GetBucketReplication',
  ownershipControls: 'GetBucketOwnershipControls',
  notification: 'GetBucketNotificationConfiguration',
};

const OTHER_SUBRESOURCES = ['tagging', 'cors', 'website', 'accelerate', 'requestPayment', 'analytics', 'metrics', 'inventory', 'intelligent-tiering', 'uploads', 'versions', 'list-type', 'delete', 'metadataTable'];

export interface S3Route {
  /** 'ListBuckets', 'HeadBucket', 'GetBucketPolicy', ... or a descriptive name of an unsupported one. */
  operation: string;
  bucket: string | null;
  supported: boolean;
}

/** Name the operation of a path-style S3 request (without judging it). */
export function routeS3(method: string, path: string, query: URLSearchParams): S3Route {
  const clean = path.split('?')[0] as string;
  const parts = clean.split('/').filter((p, i) => i > 0 || p !== '');
  const bucket = parts[0] ? decodeURIComponent(parts[0]) : null;
  const key = parts.slice(1).join('/');
  if (!bucket) return { operation: method === 'GET' ? 'ListBuckets' : `${method} /`, bucket: null, supported: method === 'GET' };
  if (key) return { operation: `${method === 'GET' ? 'GetObject' : method === 'HEAD' ? 'HeadObject' : method === 'PUT' ? 'PutObject' : `${method}Object`}`, bucket, supported: false };
  const sub = Object.keys(S3_BUCKET_GETS).find((k) => query.has(k));
  if (method === 'HEAD') return { operation: 'HeadBucket', bucket, supported: true };
  if (method === 'GET' && sub) return { operation: S3_BUCKET_GETS[sub] as string, bucket, supported: true };
  const other = sub ?? OTHER_SUBRESOURCES.find((k) => query.has(k));
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  if (other) return { operation: `${verb}Bucket${other.charAt(0).toUpperCase()}${other.slice(1)}`, bucket, supported: false };
  return { operation: method === 'GET' ? 'ListObjects' : `${verb}Bucket`, bucket, supported: false };
}

export interface S3Context {
  scenario: Scenario;
  view: DayView;
  query: URLSearchParams;
  ids: RequestIdSet;
  /** Region the request was signed for. */
  signingRegion: string;
  method: string;
}

const xmlDoc = (root: string, inner: string): string => (inner ? `<${root} xmlns="${S3_NS}">${inner}</${root}>` : `<${root} xmlns="${S3_NS}"/>`);

function listBuckets(ctx: S3Context): WireResponse {
  const rawMax = ctx.query.get('max-buckets');
  const prefix = ctx.query.get('prefix');
  const regionFilter = ctx.query.get('bucket-region');
  let max = Infinity;
  if (rawMax !== null) {
    max = Number(rawMax);
    if (!Number.isInteger(max) || max < 1 || max > 10000) return s3Error(400, 'InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.', ctx.ids, { ArgumentName: 'max-buckets', ArgumentValue: rawMax });
  }
  let after = '';
  const token = ctx.query.get('continuation-token');
  if (token !== null) {
    after = Buffer.from(token, 'base64').toString('utf8');
    if (!after.startsWith('b:')) return s3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect', ctx.ids, { ArgumentName: 'continuation-token' });
    after = after.slice(2);
  }
  const all = ctx.view.buckets.filter((b) => b.name > after && (prefix === null || b.name.startsWith(prefix)) && (regionFilter === null || b.region === regionFilter));
  const page = all.slice(0, max);
  const more = all.length > page.length;
  const items = page.map((b) => `<Bucket>${el('Name', b.name)}${el('CreationDate', b.creationDate)}${el('BucketRegion', b.region)}</Bucket>`).join('');
  const last = page[page.length - 1];
  const xml = xmlDoc(
    'ListAllMyBucketsResult',
    `<Owner>${el('ID', ctx.scenario.ownerCanonicalId)}</Owner><Buckets>${items}</Buckets>${more && last ? el('ContinuationToken', Buffer.from(`b:${last.name}`).toString('base64')) : ''}${prefix !== null ? el('Prefix', prefix) : ''}`,
  );
  return s3Ok(xml, ctx.ids);
}

function notFound(ctx: S3Context, code: string, message: string, bucket: string): WireResponse {
  return s3Error(404, code, message, ctx.ids, { BucketName: bucket });
}

function bucketOperation(op: string, b: S3Bucket, ctx: S3Context): WireResponse {
  switch (op) {
    case 'HeadBucket':
      return { status: 200, headers: s3Headers(ctx.ids, { 'x-amz-bucket-region': b.region, 'x-amz-access-point-alias': 'false' }), body: '', errorCode: null };
    case 'GetBucketLocation':
      return s3Ok(b.region === 'us-east-1' ? `<LocationConstraint xmlns="${S3_NS}"/>` : `<LocationConstraint xmlns="${S3_NS}">${esc(b.region)}</LocationConstraint>`, ctx.ids);
    case 'GetBucketEncryption':
      if (!b.encryption || b.encryption.length === 0) return notFound(ctx, 'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', b.name);
      return s3Ok(
        xmlDoc(
          'ServerSideEncryptionConfiguration',
          b.encryption.map((e) => `<Rule><ApplyServerSideEncryptionByDefault>${el('SSEAlgorithm', e.sseAlgorithm)}${el('KMSMasterKeyID', e.kmsMasterKeyId)}</ApplyServerSideEncryptionByDefault>${el('BucketKeyEnabled', e.bucketKeyEnabled)}</Rule>`).join(''),
        ),
        ctx.ids,
      );
    case 'GetBucketVersioning': {
      const v = b.versioning;
      return s3Ok(xmlDoc('VersioningConfiguration', `${v.status !== 'Never' ? el('Status', v.status) : ''}${v.mfaDelete !== 'Never' ? el('MfaDelete', v.mfaDelete) : ''}`), ctx.ids);
    }
    case 'GetPublicAccessBlock': {
      const c = b.publicAccessBlock;
      if (!c) return notFound(ctx, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', b.name);
      return s3Ok(xmlDoc('PublicAccessBlockConfiguration', pabInner(c)), ctx.ids);
    }
    case 'GetBucketPolicyStatus':
      if (!b.policy) return notFound(ctx, 'NoSuchBucketPolicy', 'The bucket policy does not exist', b.name);
      // binder no longer asks; answered from the sandbox's own reading for clients that do.
      return s3Ok(xmlDoc('PolicyStatus', el('IsPublic', isBucketPolicyPublic(b.policy))), ctx.ids);
    case 'GetBucketPolicy':
      if (!b.policy) return notFound(ctx, 'NoSuchBucketPolicy', 'The bucket policy does not exist', b.name);
      return { status: 200, headers: s3Headers(ctx.ids, { 'content-type': 'application/json' }), body: JSON.stringify(b.policy), errorCode: null };
    case 'GetBucketAcl': {
      const grants = b.acl.grants
        .map((g) => {
          const who = g.granteeType === 'CanonicalUser' ? el('ID', g.granteeId) : g.granteeType === 'Group' ? el('URI', g.granteeUri) : el('EmailAddress', g.granteeId);
          return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${g.granteeType}">${who}</Grantee>${el('Permission', g.permission)}</Grant>`;
        })
        .join('');
      return s3Ok(xmlDoc('AccessControlPolicy', `<Owner>${el('ID', b.acl.ownerId)}</Owner><AccessControlList>${grants}</AccessControlList>`), ctx.ids);
    }
    case 'GetBucketLogging':
      return s3Ok(xmlDoc('BucketLoggingStatus', b.logging ? `<LoggingEnabled>${el('TargetBucket', b.logging.targetBucket)}${el('TargetPrefix', b.logging.targetPrefix)}</LoggingEnabled>` : ''), ctx.ids);
    case 'GetObjectLockConfiguration': {
      const o = b.objectLock;
      if (!o) return notFound(ctx, 'ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', b.name);
      const r = o.defaultRetention;
      const rule = r ? `<Rule><DefaultRetention>${el('Mode', r.mode)}${el('Days', r.days)}${el('Years', r.years)}</DefaultRetention></Rule>` : '';
      return s3Ok(xmlDoc('ObjectLockConfiguration', `${o.enabled ? el('ObjectLockEnabled', 'Enabled') : ''}${rule}`), ctx.ids);
    }
    case 'GetBucketLifecycleConfiguration': {
      const rules = b.lifecycleRules;
      if (!rules || rules.length === 0) return notFound(ctx, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', b.name);
      const xml = rules
        .map((r) => {
          const action = r.id && r.id.startsWith('abort') ? '<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>' : '<NoncurrentVersionExpiration><NoncurrentDays>90</NoncurrentDays></NoncurrentVersionExpiration>';
          return `<Rule>${el('ID', r.id)}<Filter><Prefix></Prefix></Filter>${el('Status', r.status)}${action}</Rule>`;
        })
        .join('');
      return s3Ok(xmlDoc('LifecycleConfiguration', xml), ctx.ids, { 'x-amz-transition-default-minimum-object-size': 'all_storage_classes_128K' });
    }
    case 'GetBucketReplication': {
      const rep = b.replication;
      if (!rep) return notFound(ctx, 'ReplicationConfigurationNotFoundError', 'The replication configuration was not found', b.name);
      const rules = rep.rules
        .map((r, i) => `<Rule>${el('ID', r.id)}${el('Priority', i + 1)}<Filter><Prefix></Prefix></Filter>${el('Status', r.status)}<Destination>${el('Bucket', r.destinationBucket)}</Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>`)
        .join('');
      return s3Ok(xmlDoc('ReplicationConfiguration', `${el('Role', rep.role)}${rules}`), ctx.ids);
    }
    case 'GetBucketOwnershipControls':
      if (!b.ownershipControls) return notFound(ctx, 'OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', b.name);
      return s3Ok(xmlDoc('OwnershipControls', `<Rule>${el('ObjectOwnership', b.ownershipControls)}</Rule>`), ctx.ids);
    case 'GetBucketNotificationConfiguration': {
      const n = b.notifications;
      const acct = ctx.scenario.accountId;
      let xml = '';
      for (let i = 0; i < n.topicCount; i++) xml += `<TopicConfiguration>${el('Id', `topic-${i + 1}`)}${el('Topic', `arn:aws:sns:${b.region}:${acct}:${b.name}-events`)}${el('Event', 's3:ObjectCreated:*')}</TopicConfiguration>`;
      for (let i = 0; i < n.queueCount; i++) xml += `<QueueConfiguration>${el('Id', `queue-${i + 1}`)}${el('Queue', `arn:aws:sqs:${b.region}:${acct}:${b.name}-events`)}${el('Event', 's3:ObjectCreated:*')}${el('Event', 's3:ObjectRemoved:*')}</QueueConfiguration>`;
      for (let i = 0; i < n.lambdaCount; i++) xml += `<CloudFunctionConfiguration>${el('Id', `lambda-${i + 1}`)}${el('CloudFunction', `arn:aws:lambda:${b.region}:${acct}:function:${b.name}-indexer`)}${el('Event', 's3:ObjectCreated:*')}</CloudFunctionConfiguration>`;
      if (n.eventBridgeEnabled) xml += '<EventBridgeConfiguration></EventBridgeConfiguration>';
      return s3Ok(xmlDoc('NotificationConfiguration', xml), ctx.ids);
    }
    default:
      return s3Error(501, 'NotImplemented', `The sandbox does not implement ${op}.`, ctx.ids);
  }
}

function pabInner(c: { blockPublicAcls: boolean; ignorePublicAcls: boolean; blockPublicPolicy: boolean; restrictPublicBuckets: boolean }): string {
  return `${el('BlockPublicAcls', c.blockPublicAcls)}${el('IgnorePublicAcls', c.ignorePublicAcls)}${el('BlockPublicPolicy', c.blockPublicPolicy)}${el('RestrictPublicBuckets', c.restrictPublicBuckets)}`;
}

export function handleS3(route: S3Route, ctx: S3Context): WireResponse {
  const head = ctx.method === 'HEAD';
  if (!route.supported) return s3Error(501, 'NotImplemented', `A header or query you provided implies functionality that is not implemented: the sandbox does not implement ${route.operation}.`, ctx.ids, {}, {}, head);
  if (route.operation === 'ListBuckets') return listBuckets(ctx);
  const b = ctx.view.bucketByName.get(route.bucket as string);
  if (!b) return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', ctx.ids, { BucketName: route.bucket as string }, {}, head);
  // Requests signed for another region are redirected, as S3 does; GetBucketLocation answers anywhere.
  if (route.operation !== 'GetBucketLocation' && ctx.signingRegion !== b.region) {
    return s3Error(
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      ctx.ids,
      { Endpoint: `s3.${b.region}.amazonaws.com`, Bucket: b.name },
      { 'x-amz-bucket-region': b.region },
      head,
    );
  }
  return bucketOperation(route.operation, b, ctx);
}

export function routeS3Control(method: string, path: string): { operation: string; supported: boolean } {
  const clean = path.split('?')[0] as string;
  if (method === 'GET' && clean === '/v20180820/configuration/publicAccessBlock') return { operation: 'GetPublicAccessBlock', supported: true };
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  return { operation: `${verb} ${clean}`, supported: false };
}

export function handleS3Control(route: { operation: string; supported: boolean }, ctx: { scenario: Scenario; view: DayView; ids: RequestIdSet; accountHeader: string | undefined }): WireResponse {
  if (!route.supported) return s3ControlError(501, 'NotImplemented', `The sandbox does not implement S3 Control ${route.operation}.`, ctx.ids);
  if (!ctx.accountHeader) return s3ControlError(400, 'InvalidRequest', 'Missing required header for this request: x-amz-account-id', ctx.ids);
  if (ctx.accountHeader !== ctx.scenario.accountId) return s3ControlError(403, 'AccessDenied', 'Access Denied', ctx.ids);
  const c = ctx.view.accountBpa.config;
  if (!c) return s3ControlError(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', ctx.ids);
  return {
    status: 200,
    headers: s3Headers(ctx.ids, { 'content-type': 'application/xml' }),
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<PublicAccessBlockConfiguration xmlns="${S3CONTROL_NS}">${pabInner(c)}</PublicAccessBlockConfiguration>`,
    errorCode: null,
  };
}
