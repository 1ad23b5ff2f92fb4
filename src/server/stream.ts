/**
 * A stream of strings as the bytes of a response body, pulled as the client reads (CSV and IATI
 * exports). A failure after the first bytes cannot change the status any more: it is logged and
 * the response is cut short, so the client sees an incomplete download rather than a file that
 * looks whole.
 */
export function byteStream(chunks: AsyncGenerator<string>, onError: (err: unknown) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        onError(err);
        controller.error(err);
      }
    },
    // The client went away: stop reading.
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
