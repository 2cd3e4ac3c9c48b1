import { postToSlack, SlackApiError, slackErrorCode, type SlackHttpOptions } from './slack-http';
import type { SlackResponder, SlackResponseMessage } from '../../runtime/approval/callback';

export interface SlackResponseUrlResponderProps extends SlackHttpOptions {
  /**
   * Origins a response URL may have; others are refused, so a payload cannot make the Lambda POST elsewhere.
   * @default ['https://hooks.slack.com']
   */
  readonly allowedOrigins?: readonly string[];
}

/**
 * Answers an interaction through its `response_url` (replace the request once decided; an ephemeral note to a
 * refused clicker). No token needed: the URL is the credential, valid for 30 minutes and 5 uses.
 *
 * @see https://api.slack.com/interactivity/handling#message_responses
 */
export class SlackResponseUrlResponder implements SlackResponder {
  private readonly allowedOrigins: readonly string[];

  constructor(private readonly props: SlackResponseUrlResponderProps = {}) {
    this.allowedOrigins = props.allowedOrigins ?? ['https://hooks.slack.com'];
  }

  public async respond(responseUrl: string, message: SlackResponseMessage): Promise<void> {
    let origin: string;
    try {
      origin = new URL(responseUrl).origin;
    } catch {
      throw new Error('response_url is not a URL');
    }
    if (!this.allowedOrigins.includes(origin)) throw new Error(`response_url origin ${origin} is not allowed`);
    const { status, text } = await postToSlack('response_url', responseUrl, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(message), this.props);
    if (status < 200 || status >= 300) throw new SlackApiError('response_url', slackErrorCode(text), status);
  }
}
