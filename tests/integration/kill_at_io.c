/* Crash injection for the crash tests (cli_crash_io_test.sh), loaded with LD_PRELOAD into `lap`.
 *
 * Counts the calls that put bytes on their way to a database: write, pwrite, writev, fsync,
 * fdatasync (SQLite writing its file, journal or WAL) and send, sendto, sendmsg (libpq sending a
 * statement or COMMIT to PostgreSQL). Descriptors 0-2 are not counted.
 *
 *   LAP_KILL_AT_IO=N     the process kills itself with SIGKILL at the N-th counted call, before
 *                        the call happens: the write, sync or statement is lost as in a power
 *                        cut or `kill -9` at that instant.
 *   LAP_IO_COUNT_FILE=F  at a normal exit, writes the number of counted calls to F (how many
 *                        crash points a run has).
 *
 * Deterministic where a timer is not: every crash point of a short transaction can be hit. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_long calls;
static long kill_at = -1;

__attribute__((constructor)) static void kill_at_io_init(void) {
  const char* at = getenv("LAP_KILL_AT_IO");
  if (at != NULL && *at != '\0') kill_at = strtol(at, NULL, 10);
}

__attribute__((destructor)) static void kill_at_io_report(void) {
  const char* path = getenv("LAP_IO_COUNT_FILE");
  if (path == NULL || *path == '\0') return;
  FILE* f = fopen(path, "w");
  if (f == NULL) return;
  fprintf(f, "%ld\n", atomic_load(&calls));
  fclose(f);
}

static void count(int fd) {
  if (fd <= 2) return;
  long n = atomic_fetch_add(&calls, 1) + 1;
  if (n == kill_at) raise(SIGKILL);
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t write(int fd, const void* buf, size_t n) {
  count(fd);
  return NEXT(write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
  count(fd);
  return NEXT(pwrite)(fd, buf, n, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t offset) {
  count(fd);
  return NEXT(pwrite64)(fd, buf, n, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int n) {
  count(fd);
  return NEXT(writev)(fd, iov, n);
}

int fsync(int fd) {
  count(fd);
  return NEXT(fsync)(fd);
}

int fdatasync(int fd) {
  count(fd);
  return NEXT(fdatasync)(fd);
}

ssize_t send(int fd, const void* buf, size_t n, int flags) {
  count(fd);
  return NEXT(send)(fd, buf, n, flags);
}

ssize_t sendto(int fd, const void* buf, size_t n, int flags, const struct sockaddr* to,
               socklen_t len) {
  count(fd);
  return NEXT(sendto)(fd, buf, n, flags, to, len);
}

ssize_t sendmsg(int fd, const struct msghdr* msg, int flags) {
  count(fd);
  return NEXT(sendmsg)(fd, msg, flags);
}
