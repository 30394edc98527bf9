/**
 * The AWS services a source reads, in order. Adding a service is one AwsServiceCollector module
 * and one line here: the snapshot's resource types and the least-privilege policy follow from
 * this list (see service-collector.ts).
 */
import { cloudtrailService } from './cloudtrail-service.ts';
import { configService } from './config-service.ts';
import { ec2Service } from './ec2-service.ts';
import { guarddutyService } from './guardduty-service.ts';
import { iamService } from './iam-service.ts';
import { kmsService } from './kms-service.ts';
import { s3Service } from './s3-service.ts';
import type { AwsServiceCollector } from './service-collector.ts';

export const AWS_SERVICES: readonly AwsServiceCollector[] = [
  iamService,
  s3Service,
  cloudtrailService,
  configService,
  guarddutyService,
  kmsService,
  ec2Service,
];
