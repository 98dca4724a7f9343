/*
 * bench/net's traffic tool, built statically so that it runs in a busybox container as well as
 * on the host. Large buffers, no per-byte work: the numbers measure the network, not the tool.
 *   blast sink PORT [COUNT]        accept COUNT connections (default 1), discard, print bytes and MB/s
 *   blast send HOST PORT MBYTES    connect, write MBYTES MiB, half-close, wait for the peer's close;
 *                                  prints MB/s over the whole transfer
 *   blast serve PORT MBYTES        accept one connection, write MBYTES MiB, close
 *   blast fetch HOST PORT          connect, read to EOF, print bytes and MB/s
 *   blast conns HOST PORT N        N sequential connect + close; prints connections/s
 *   blast echo PORT                accept connections forever, close each at once (for conns)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF (1 << 20)
static char buf[BUF];

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int listen_on(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (bind(s, (void *)&a, sizeof a) || listen(s, 512)) { perror("listen"); exit(1); }
  return s;
}

static int connect_to(const char *host, int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, host, &a.sin_addr);
  if (connect(s, (void *)&a, sizeof a)) { perror("connect"); exit(1); }
  return s;
}

static long long drain(int s) {
  long long total = 0;
  ssize_t n;
  while ((n = read(s, buf, BUF)) > 0) total += n;
  return total;
}

static void pump(int s, long long bytes) {
  while (bytes > 0) {
    ssize_t n = write(s, buf, bytes < BUF ? bytes : BUF);
    if (n <= 0) { perror("write"); exit(1); }
    bytes -= n;
  }
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: see blast.c\n"); return 2; }
  memset(buf, 'x', BUF);
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *mode = argv[1];
  if (!strcmp(mode, "sink")) {
    int l = listen_on(atoi(argv[2])), count = argc > 3 ? atoi(argv[3]) : 1;
    printf("listening\n");
    for (int i = 0; i < count; i++) {
      int s = accept(l, NULL, NULL);
      double t0 = now();
      long long total = drain(s);
      double dt = now() - t0;
      close(s);
      printf("bytes=%lld seconds=%.3f MBps=%.1f\n", total, dt, total / dt / 1e6);
    }
    return 0;
  }
  if (!strcmp(mode, "send") && argc == 5) {
    int s = connect_to(argv[2], atoi(argv[3]));
    long long bytes = atoll(argv[4]) << 20;
    double t0 = now();
    pump(s, bytes);
    shutdown(s, SHUT_WR);
    drain(s);
    double dt = now() - t0;
    printf("bytes=%lld seconds=%.3f MBps=%.1f\n", bytes, dt, bytes / dt / 1e6);
    return 0;
  }
  if (!strcmp(mode, "serve") && argc == 4) {
    int l = listen_on(atoi(argv[2]));
    printf("listening\n");
    int s = accept(l, NULL, NULL);
    pump(s, atoll(argv[3]) << 20);
    close(s);
    return 0;
  }
  if (!strcmp(mode, "fetch") && argc == 4) {
    int s = connect_to(argv[2], atoi(argv[3]));
    double t0 = now();
    long long total = drain(s);
    double dt = now() - t0;
    printf("bytes=%lld seconds=%.3f MBps=%.1f\n", total, dt, total / dt / 1e6);
    return 0;
  }
  if (!strcmp(mode, "conns") && argc == 5) {
    int n = atoi(argv[4]);
    double t0 = now();
    for (int i = 0; i < n; i++) {
      int s = connect_to(argv[2], atoi(argv[3]));
      char c;
      (void)!read(s, &c, 1); /* the server closes: a full round trip per connection */
      close(s);
    }
    double dt = now() - t0;
    printf("connections=%d seconds=%.3f per_second=%.0f\n", n, dt, n / dt);
    return 0;
  }
  if (!strcmp(mode, "echo")) {
    int l = listen_on(atoi(argv[2]));
    printf("listening\n");
    for (;;) {
      int s = accept(l, NULL, NULL);
      if (s >= 0) close(s);
    }
  }
  fprintf(stderr, "usage: see blast.c\n");
  return 2;
}
