# Sourced by the tests that start `lap serve --listen 127.0.0.1:0 ... 2>serve.err &`:
# wait_for_port sets `port` to the port the server announces on serve.err (in the
# current directory), or calls the caller's `fail` when the server ($server_pid)
# exits or says nothing within 10 s.
wait_for_port() {
  port=""
  for _ in $(seq 1 100); do
    # serve.err may not exist yet: the shell opens it in the child, after the fork.
    port=$(sed -n 's/.*"message":"listening","address":"127.0.0.1:\([0-9]*\)".*/\1/p' serve.err \
      2>/dev/null || true)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || fail "lap serve exited early"
    sleep 0.1
  done
  [ -n "$port" ] || fail "lap serve announces its address"
}
