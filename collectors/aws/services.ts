/**
 * The AWS services a source reads, in order. Adding a service is one AwsServiceCollector module
 * and one line here: the snapshot's resource types and the least-privilege policy follow from
 * this list (see service-collector.ts).
 */
import { iamService } from './iam-service.ts';
import { s3Service } from './s3-service.ts';
import type { AwsServiceCollector } from './service-collector.ts';

export const AWS_SERVICES: readonly AwsServiceCollector[] = [iamService, s3Service];
