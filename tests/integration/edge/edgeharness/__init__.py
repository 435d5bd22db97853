# The harness of edged's integration tests: real processes (edged, nginx, a scripted origin)
# on 127.0.0.1 with ports chosen at run time, and small clients (raw HTTP/1.1, raw HTTP/2).
