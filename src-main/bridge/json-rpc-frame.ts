// One text frame from a page → a JSON-RPC request, or the error to answer with. Pure: no
// sockets. Values the page sent are never echoed back in messages.
import { bridgeErrorMessage, bridgeApplicationError } from '../contract/bridge-error-messages';
import {
  containsPinLikeField,
  jsonRpcErrorCodes,
  jsonRpcRequestSchema,
  type BridgeError,
  type BridgeRequestId,
  type JsonRpcErrorResponse,
  type JsonRpcRequest,
} from '../contract/bridge-wire';

export type ParsedFrame =
  { ok: true; request: JsonRpcRequest } | { ok: false; response: JsonRpcErrorResponse };

const errorResponse = (id: BridgeRequestId | null, error: BridgeError): JsonRpcErrorResponse => ({
  jsonrpc: '2.0',
  id,
  error,
});

/** The id of a request that failed validation, when it has a usable one. */
function salvageId(value: unknown): BridgeRequestId | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as { id?: unknown }).id;
  if (typeof id === 'string' && id.length <= 64) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  return null;
}

export function parseFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      response: errorResponse(null, {
        code: jsonRpcErrorCodes.parseError,
        message: '请求不是有效的JSON (The request is not valid JSON)',
      }),
    };
  }
  // A PIN never travels, whatever else is wrong with the request.
  if (containsPinLikeField(json))
    return {
      ok: false,
      response: errorResponse(salvageId(json), bridgeApplicationError('pin-not-accepted')),
    };
  const parsed = jsonRpcRequestSchema.safeParse(json);
  if (!parsed.success) {
    // JSON-RPC batches (arrays) and notifications (no id) are not part of this protocol.
    return {
      ok: false,
      response: errorResponse(salvageId(json), {
        code: jsonRpcErrorCodes.invalidRequest,
        message:
          '请求格式不正确：需要 JSON-RPC 2.0 请求对象 (Invalid request: a JSON-RPC 2.0 request object is required)',
      }),
    };
  }
  return { ok: true, request: parsed.data };
}

/** The protocol speaks UTF-8 JSON in text frames only. */
export const binaryFrame: JsonRpcErrorResponse = errorResponse(null, {
  code: jsonRpcErrorCodes.invalidRequest,
  message: '请用文本帧发送JSON请求 (Send JSON requests in text frames)',
});

export const methodNotFound = (id: BridgeRequestId): JsonRpcErrorResponse =>
  errorResponse(id, { code: jsonRpcErrorCodes.methodNotFound, message: '没有这个方法 (Method not found)' });

export const applicationError = (
  id: BridgeRequestId | null,
  code: Parameters<typeof bridgeApplicationError>[0],
  message?: string,
): JsonRpcErrorResponse =>
  errorResponse(id, { ...bridgeApplicationError(code), ...(message ? { message } : {}) });

export const invalidParams = (id: BridgeRequestId, fields: string[]): JsonRpcErrorResponse =>
  errorResponse(id, {
    ...bridgeApplicationError('invalid-params'),
    message: `${bridgeErrorMessage('invalid-params')}: ${fields.join(', ')}`,
  });
