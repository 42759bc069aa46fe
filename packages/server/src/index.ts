/**
 * What other packages may import from the server (package.json `exports`): the webhook signature
 * scheme, which receivers and the SDK share. The server itself runs through the CLI (`flowgate`).
 */
export {
  signWebhook,
  verifyWebhookSignature,
  type WebhookHeaders,
  type WebhookVerification,
} from './webhooks/webhook-signature.ts';
export { countWebhookBacklog } from './webhooks/webhook-views.ts';
