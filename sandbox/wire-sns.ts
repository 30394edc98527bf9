/**
 * The sandbox's Amazon SNS: the Query protocol (form-encoded `Action=Publish&TopicArn=...`, XML
 * answers in SNS's namespace) for Publish, the one operation binder's alerts need, to the topics
 * the sandbox holds: `binder-alerts` of the scenario's account in us-east-1 from the start, more
 * with `addTopic`. Every accepted message is kept in `published` for tests to read. Checked as SNS
 * does: a topic that does not exist is NotFound, a topic of another region than the signature's
 * or a Subject SNS would refuse (100 characters or more, a line break, non-ASCII) is
 * InvalidParameter, as is an empty or oversized message.
 */
import { createHash } from 'node:crypto';
import { el, esc, type RequestIdSet, type WireResponse } from './wire-format.ts';

export const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
export const SANDBOX_SNS_TOPIC = 'binder-alerts';
/** SNS's limit for a message, in bytes. */
const MAX_MESSAGE_BYTES = 262_144;

export interface SandboxSnsMessage {
  messageId: string;
  topicArn: string;
  subject: string | null;
  message: string;
  /** String attributes (MessageAttributes.entry.N), by name. */
  attributes: Record<string, string>;
  requestId: string;
  /** Sandbox time of the request. */
  at: string;
}

export class SandboxSns {
  /** The ARN of `binder-alerts`. */
  readonly topicArn: string;
  readonly published: SandboxSnsMessage[] = [];
  private readonly topics = new Set<string>();
  private count = 0;

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {
    this.topicArn = this.addTopic(SANDBOX_SNS_TOPIC);
  }

  /** Creates a topic of the scenario's account in the sandbox's region; returns its ARN. */
  addTopic(name: string): string {
    const arn = `arn:aws:sns:${this.region}:${this.accountId}:${name}`;
    this.topics.add(arn);
    return arn;
  }

  /** Messages published to one topic (default binder-alerts), oldest first. */
  messagesTo(topicArn: string = this.topicArn): SandboxSnsMessage[] {
    return this.published.filter((m) => m.topicArn === topicArn);
  }

  handle(
    operation: string,
    params: URLSearchParams,
    ids: RequestIdSet,
    context: { signingRegion: string; at: string },
  ): WireResponse {
    if (operation !== 'Publish')
      return snsError(
        400,
        'InvalidAction',
        `The action ${operation} is not valid for this endpoint (the sandbox serves sns:Publish).`,
        ids,
      );
    const topicArn = params.get('TopicArn') ?? params.get('TargetArn');
    if (!topicArn)
      return snsError(
        400,
        'InvalidParameter',
        'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
        ids,
      );
    const arn = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/.exec(topicArn);
    if (!arn) return snsError(400, 'InvalidParameter', 'Invalid parameter: TopicArn', ids);
    if (arn[1] !== context.signingRegion)
      return snsError(
        400,
        'InvalidParameter',
        `Invalid parameter: TopicArn Reason: A ARN must be in the region ${context.signingRegion}`,
        ids,
      );
    if (!this.topics.has(topicArn)) return snsError(404, 'NotFound', 'Topic does not exist', ids);
    const message = params.get('Message') ?? '';
    if (message.length === 0)
      return snsError(400, 'InvalidParameter', 'Invalid parameter: Empty message', ids);
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES)
      return snsError(400, 'InvalidParameter', 'Invalid parameter: Message too long', ids);
    const subject = params.get('Subject');
    if (
      subject !== null &&
      (subject.length === 0 || subject.length >= 100 || !/^[\x20-\x7e]+$/.test(subject))
    ) {
      return snsError(400, 'InvalidParameter', 'Invalid parameter: Subject', ids);
    }
    const attributes: Record<string, string> = {};
    for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
      const name = params.get(`MessageAttributes.entry.${n}.Name`) as string;
      const type = params.get(`MessageAttributes.entry.${n}.Value.DataType`);
      const value = params.get(`MessageAttributes.entry.${n}.Value.StringValue`);
      if (!type || value === null)
        return snsError(
          400,
          'ParameterValueInvalid',
          `The message attribute '${name}' must contain non-empty message attribute value and type.`,
          ids,
        );
      attributes[name] = value;
    }
    const messageId = uuidOf(`${topicArn}:${++this.count}:${ids.uuid}`);
    this.published.push({
      messageId,
      topicArn,
      subject,
      message,
      attributes,
      requestId: ids.uuid,
      at: context.at,
    });
    const body = `<PublishResponse xmlns="${SNS_NS}">\n  <PublishResult>\n    ${el('MessageId', messageId)}\n  </PublishResult>\n  <ResponseMetadata>\n    <RequestId>${ids.uuid}</RequestId>\n  </ResponseMetadata>\n</PublishResponse>\n`;
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ids.uuid },
      body,
      errorCode: null,
    };
  }
}

/** An error in SNS's Query shape (Sender for 4xx, Receiver for 5xx). */
export function snsError(status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body = `<ErrorResponse xmlns="${SNS_NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${esc(code)}</Code>\n    <Message>${esc(message)}</Message>\n  </Error>\n  <RequestId>${ids.uuid}</RequestId>\n</ErrorResponse>\n`;
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ids.uuid },
    body,
    errorCode: code,
  };
}

function uuidOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
