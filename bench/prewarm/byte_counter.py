# A TCP relay that counts the bytes an origin sends: put between edged and origind, it measures
# origin bytes (what the edge fetched, warms included) without trusting either side's counters.
# It can also hold every byte for half a round-trip time in each direction, so that an origin on
# loopback is as far from the edge as a real one (a delay line: bandwidth is not reduced).
import collections
import socket
import threading
import time


class ByteCounter:
    """Listens on 127.0.0.1 (a free port) and relays every connection to `target_port`, each
    byte `rtt_s / 2` late."""

    def __init__(self, target_port, rtt_s=0.0):
        self.target_port = target_port
        self.one_way_s = rtt_s / 2
        self.lock = threading.Lock()
        self.downstream = 0  # origin -> edge
        self.connections = 0
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(256)
        self.port = self.listener.getsockname()[1]
        self.stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def bytes(self):
        with self.lock:
            return self.downstream

    def stop(self):
        self.stopping = True
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()

    def _accept(self):
        while not self.stopping:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            # Relayed writes are as small as the edge's and the origin's own: no Nagle delays.
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.connections += 1
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source, sink, counted):
        """Reads `source` and hands each chunk, stamped, to a writer that sends it to `sink`
        once it is due: the reader never waits, so the delay adds latency, not a rate cap."""
        line = collections.deque()
        ready = threading.Condition()
        ended = [False]

        def writer():
            try:
                while True:
                    with ready:
                        while not line and not ended[0]:
                            ready.wait()
                        if not line:
                            break
                        due, data = line.popleft()
                    time.sleep(max(0.0, due - time.monotonic()))
                    sink.sendall(data)
                    if counted:
                        with self.lock:
                            self.downstream += len(data)
            except OSError:
                pass
            finally:
                _close(sink)

        threading.Thread(target=writer, daemon=True).start()
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with ready:
                    line.append((time.monotonic() + self.one_way_s, data))
                    ready.notify()
        except OSError:
            pass
        finally:
            with ready:
                ended[0] = True
                ready.notify()


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
