import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { CommonErrors, type DomainError } from '../errors/domain-error.js';

/** Node's parser errors by what they mean for the client (node's own choice of status, with our codes). */
function errorOf(code: string | undefined): DomainError {
  if (code === 'HPE_HEADER_OVERFLOW') return CommonErrors.headers_too_large();
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return CommonErrors.body_too_large();
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return CommonErrors.request_timeout();
  return CommonErrors.malformed_request();
}

/**
 * A request that node:http's parser refuses never reaches Express: a raw byte above ASCII
 * in the path, a header section over the limit, a broken request line. Node answers those
 * with a bare status and no body; here they get the error answer of every other route, in
 * Dutch (the headers, Accept-Language among them, could not be read).
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As node does: nothing is written into an answer already under way, or to a peer that left.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || inFlight?.headersSent || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const refused = errorOf(error.code);
    const reason = STATUS_CODES[refused.status] ?? 'Error';
    const body = JSON.stringify({ statusCode: refused.status, code: refused.code, message: refused.messageIn('nl'), error: reason });
    // An answer to HEAD has no body (the client would read it as the start of another answer).
    const head = (error as NodeJS.ErrnoException & { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.end(
      `HTTP/1.1 ${refused.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${head ? '' : body}`,
      () => socket.destroy(),
    );
  });
}
