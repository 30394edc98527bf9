import { describe, expect, it } from 'vitest';
import {
  actionCovers,
  actionMatches,
  actionsIntersect,
  resourceCovers,
  resourcesIntersect,
} from '../../../controls/policy/wildcard.ts';

describe('actionMatches', () => {
  it.each([
    ['*', 's3:GetObject', true],
    ['s3:*', 's3:GetObject', true],
    ['s3:*', 'iam:PassRole', false],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['S3:GETOBJECT', 's3:getobject', true],
    ['iam:Pass?ole', 'iam:PassRole', true],
    ['iam:Pass?ole', 'iam:PassRRole', false],
    ['s3:*Object', 's3:PutObject', true],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['*:*', 'kms:Decrypt', true],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});

describe('actionCovers', () => {
  it.each([
    ['*', '*', true],
    ['*:*', '*', true],
    ['*', 's3:*', true],
    ['s3:*', 's3:Get*', true],
    ['s3:Get*', 's3:*', false],
    ['s3:*', '*', false],
    ['iam:Pass?ole', 'iam:PassRole', true],
    ['s3:Get*', 's3:GetObject', true],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(actionCovers(outer, inner)).toBe(expected);
  });
});

describe('actionsIntersect', () => {
  it.each([
    ['s3:*', 's3:Put*', true],
    ['s3:Get*', 's3:Put*', false],
    ['*', 'iam:PassRole', true],
    ['s3:*Object', 's3:Put*', true],
    ['iam:*', 's3:*', false],
    ['S3:PUTOBJECT', 's3:Put*', true],
  ])('%s and %s intersect: %s', (a, b, expected) => {
    expect(actionsIntersect(a, b)).toBe(expected);
  });
});

describe('resource patterns', () => {
  it('compare ARNs case-sensitively', () => {
    expect(resourceCovers('arn:aws:s3:::Data/*', 'arn:aws:s3:::data/x')).toBe(false);
    expect(resourceCovers('arn:aws:s3:::data/*', 'arn:aws:s3:::data/a/b')).toBe(true);
  });
  it('let a star span slashes and colons', () => {
    expect(resourceCovers('arn:aws:iam::*', 'arn:aws:iam::123456789012:role/x')).toBe(true);
  });
  it('find overlap between two wildcard ARNs', () => {
    expect(resourcesIntersect('arn:aws:s3:::data*', 'arn:aws:s3:::*/logs')).toBe(true);
    expect(resourcesIntersect('arn:aws:s3:::a/*', 'arn:aws:s3:::b/*')).toBe(false);
  });
});
