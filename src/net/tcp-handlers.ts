import type { SocketHandler } from "bun";
import type { TcpFlow } from "./tcp-flow.ts";

/** The host-socket events of every TCP flow (socket.data is the flow), outbound and published. */
export const tcpHandlers: SocketHandler<TcpFlow> = {
  binaryType: "buffer",
  open(sock) {
    const flow = sock.data;
    if (flow.state === "connecting") flow.hostConnected(sock);
  },
  data(sock, chunk) {
    sock.data.hostData(chunk);
  },
  drain(sock) {
    sock.data.hostDrain();
  },
  end(sock) {
    sock.data.hostEnd();
  },
  close(sock, err) {
    sock.data?.hostClosed(err !== undefined);
  },
  error(sock) {
    sock.data?.hostFailed();
  },
  connectError(sock) {
    sock.data?.hostFailed();
  },
};
