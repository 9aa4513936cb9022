/*
 * aegis-loadgen: a small HTTP/1.1 load generator for bench/run, in C so that it costs the machine little.
 *
 * Two modes, on kept-alive connections, one thread, epoll:
 *   open loop  (-r RATE): request i is due at start + i/RATE, whatever happened before. It goes out on an idle
 *              connection; if none is idle it waits, and that wait counts: latency is measured from when the
 *              request was due, not from when it was sent, so a server that stalls cannot hide its queue.
 *   closed loop (no -r): each connection sends its next request as soon as it has an answer (like wrk), for
 *              the overload phase, where what matters is how fast the excess is refused.
 * Answers are counted by status; latency percentiles are printed for 2xx answers and for 429s separately.
 * An answer that takes longer than -t ms is a timeout: counted, and its connection is replaced.
 *
 * usage: aegis-loadgen -u http://127.0.0.1:8090/path [-H 'Name: value']... [-b body] [-c conns] [-d seconds]
 *                      [-r requests_per_second] [-t timeout_ms] [-w warmup_seconds]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 4096
#define BUF_SIZE 65536
#define MAX_HEADERS 16

typedef struct {
    int fd;
    int busy;              /* a request is out on it */
    double due;            /* when its current request was due (open loop) or sent (closed loop) */
    char in[BUF_SIZE];
    size_t in_len;
    const char *out;       /* what is left to write of the request */
    size_t out_len;
} conn_t;

typedef struct {
    double *values;
    size_t len, cap;
} samples_t;

static struct sockaddr_in target;
static char request[BUF_SIZE];
static size_t request_len;
static conn_t conns[MAX_CONNS];
static int nconns = 16;
static int epfd;
static samples_t ok_latency, busy_latency;
static long count_2xx, count_429, count_other, timeouts, errors;
static int measuring;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void add(samples_t *s, double v) {
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 65536;
        s->values = realloc(s->values, s->cap * sizeof(double));
        if (!s->values) { perror("realloc"); exit(2); }
    }
    s->values[s->len++] = v;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double percentile(samples_t *s, double p) {
    if (s->len == 0) return 0;
    size_t i = (size_t) (p / 100.0 * (double) (s->len - 1) + 0.5);
    return s->values[i];
}

static void open_conn(conn_t *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) { perror("socket"); exit(2); }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, (struct sockaddr *) &target, sizeof target) < 0 && errno != EINPROGRESS) {
        perror("connect"); exit(2);
    }
    c->busy = 0;
    c->in_len = 0;
    c->out_len = 0;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
}

static void reopen(conn_t *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    open_conn(c);
}

static void flush_out(conn_t *c) {
    while (c->out_len > 0) {
        ssize_t n = write(c->fd, c->out, c->out_len);
        if (n < 0) {
            if (errno == EAGAIN || errno == ENOTCONN) return; /* EPOLLOUT will call again */
            errors += measuring; reopen(c); return;
        }
        c->out += n;
        c->out_len -= (size_t) n;
    }
}

static void send_request(conn_t *c, double due) {
    c->busy = 1;
    c->due = due;
    c->out = request;
    c->out_len = request_len;
    flush_out(c);
}

/* One whole answer at the start of c->in: its length, or 0 if more must be read. */
static size_t answer_length(conn_t *c, int *status, int *closes) {
    c->in[c->in_len < BUF_SIZE ? c->in_len : BUF_SIZE - 1] = 0;
    char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t) (end - c->in) + 4;
    *status = atoi(c->in + 9);
    long length = 0;
    *closes = 0;
    for (char *line = strstr(c->in, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "content-length:", 15) == 0) length = atol(line + 17);
        if (strncasecmp(line + 2, "connection: close", 17) == 0) *closes = 1;
    }
    return c->in_len >= head + (size_t) length ? head + (size_t) length : 0;
}

static void on_answer(conn_t *c, int status, double at) {
    if (!measuring) return;
    double latency = at - c->due;
    if (status >= 200 && status < 300) { count_2xx++; add(&ok_latency, latency); }
    else if (status == 429) { count_429++; add(&busy_latency, latency); }
    else count_other++;
}

static void read_in(conn_t *c, int closed_loop) {
    for (;;) {
        ssize_t n = read(c->fd, c->in + c->in_len, BUF_SIZE - 1 - c->in_len);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            if (c->busy) errors += measuring;
            reopen(c);
            if (closed_loop) send_request(c, now_ms());
            return;
        }
        if (n < 0) return;
        c->in_len += (size_t) n;
        int status, closes;
        size_t length;
        while (c->busy && (length = answer_length(c, &status, &closes)) > 0) {
            on_answer(c, status, now_ms());
            memmove(c->in, c->in + length, c->in_len - length);
            c->in_len -= length;
            c->busy = 0;
            if (closes) {
                reopen(c);
                if (closed_loop) send_request(c, now_ms());
                return;
            }
            if (closed_loop) send_request(c, now_ms());
        }
        if (c->in_len >= BUF_SIZE - 1) { errors += measuring; reopen(c); return; }
    }
}

int main(int argc, char **argv) {
    const char *url = NULL, *body = "";
    const char *headers[MAX_HEADERS];
    int nheaders = 0, seconds = 10, warmup = 2, timeout_ms = 5000;
    double rate = 0;
    int opt;
    while ((opt = getopt(argc, argv, "u:H:b:c:d:r:t:w:")) != -1) {
        switch (opt) {
            case 'u': url = optarg; break;
            case 'H': if (nheaders < MAX_HEADERS) headers[nheaders++] = optarg; break;
            case 'b': body = optarg; break;
            case 'c': nconns = atoi(optarg); break;
            case 'd': seconds = atoi(optarg); break;
            case 'r': rate = atof(optarg); break;
            case 't': timeout_ms = atoi(optarg); break;
            case 'w': warmup = atoi(optarg); break;
            default: fprintf(stderr, "see the comment at the top of loadgen.c\n"); return 2;
        }
    }
    char host[256];
    int port;
    char path[4096];
    if (!url || sscanf(url, "http://%255[^:/]:%d%4095s", host, &port, path) != 3 || nconns < 1 || nconns > MAX_CONNS) {
        fprintf(stderr, "usage: aegis-loadgen -u http://127.0.0.1:PORT/path [-H header]... [-b body] [-c conns] "
                        "[-d seconds] [-r rate] [-t timeout_ms] [-w warmup_seconds]\n");
        return 2;
    }
    memset(&target, 0, sizeof target);
    target.sin_family = AF_INET;
    target.sin_port = htons((uint16_t) port);
    if (inet_pton(AF_INET, host, &target.sin_addr) != 1) { fprintf(stderr, "host must be an IPv4 address\n"); return 2; }
    int w = snprintf(request, sizeof request, "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n",
                     path, host, port);
    for (int i = 0; i < nheaders; i++) w += snprintf(request + w, sizeof request - w, "%s\r\n", headers[i]);
    w += snprintf(request + w, sizeof request - w, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    request_len = (size_t) w;

    epfd = epoll_create1(0);
    for (int i = 0; i < nconns; i++) open_conn(&conns[i]);
    int closed_loop = rate <= 0;
    double start = now_ms();
    double measure_from = start + warmup * 1e3, stop = measure_from + seconds * 1e3;
    long scheduled = 0;          /* open loop: requests due so far */
    double *backlog = malloc(sizeof(double) * 1048576); /* due times waiting for an idle connection */
    size_t backlog_head = 0, backlog_len = 0;
    if (closed_loop) for (int i = 0; i < nconns; i++) send_request(&conns[i], start);

    /* The open loop sleeps until the next request is due on a timer (epoll_wait's timeout is whole milliseconds:
       with a request due every 0.2 ms it would spin, and a spinning load generator takes a core from the server
       it measures, which then shows in the server's tail latency). */
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct epoll_event timer_event = {.events = EPOLLIN, .data.ptr = NULL};
    if (timer < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, timer, &timer_event) < 0) {
        perror("timerfd"); /* without it the open loop could only step by whole milliseconds */
        return 2;
    }
    struct epoll_event events[256];
    for (;;) {
        double t = now_ms();
        if (t >= stop) break;
        if (!measuring && t >= measure_from) measuring = 1;
        if (!closed_loop) {
            while (start + scheduled * 1e3 / rate <= t && backlog_len < 1048576) {
                backlog[(backlog_head + backlog_len++) % 1048576] = start + scheduled * 1e3 / rate;
                scheduled++;
            }
            for (int i = 0; i < nconns && backlog_len > 0; i++) {
                if (!conns[i].busy) {
                    send_request(&conns[i], backlog[backlog_head]);
                    backlog_head = (backlog_head + 1) % 1048576;
                    backlog_len--;
                }
            }
        }
        for (int i = 0; i < nconns; i++) {
            if (conns[i].busy && t - conns[i].due > timeout_ms) {
                timeouts += measuring;
                reopen(&conns[i]);
                if (closed_loop) send_request(&conns[i], now_ms());
            }
        }
        int wait = 1; /* at most: the timeouts are checked every millisecond */
        if (!closed_loop && backlog_len > 0) {
            for (int i = 0; i < nconns; i++) {
                if (!conns[i].busy) { wait = 0; break; } /* one was reopened just now: send at once */
            }
        } else if (!closed_loop) {
            double due = start + scheduled * 1e3 / rate;
            if (due <= now_ms()) continue;
            struct itimerspec at = {.it_value = {.tv_sec = (time_t) (due / 1e3),
                                                 .tv_nsec = (long) ((due - (double) (time_t) (due / 1e3) * 1e3) * 1e6)}};
            if (timerfd_settime(timer, TFD_TIMER_ABSTIME, &at, NULL) < 0) { perror("timerfd_settime"); return 2; }
        }
        int n = epoll_wait(epfd, events, 256, wait);
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            if (c == NULL) {
                uint64_t expirations;
                if (read(timer, &expirations, sizeof expirations) < 0) { /* already read: nothing to do */ }
                continue;
            }
            if (events[i].events & EPOLLOUT) flush_out(c);
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) read_in(c, closed_loop);
        }
    }
    qsort(ok_latency.values, ok_latency.len, sizeof(double), by_value);
    qsort(busy_latency.values, busy_latency.len, sizeof(double), by_value);
    long answered = count_2xx + count_429 + count_other;
    printf("requests/s %.0f\n", answered / (double) seconds);
    printf("2xx %ld\n429 %ld\nother %ld\ntimeouts %ld\nerrors %ld\n", count_2xx, count_429, count_other, timeouts, errors);
    printf("2xx p50 %.3f p99 %.3f p99.9 %.3f max %.3f ms\n", percentile(&ok_latency, 50), percentile(&ok_latency, 99),
           percentile(&ok_latency, 99.9), percentile(&ok_latency, 100));
    printf("429 p50 %.3f p99 %.3f max %.3f ms\n", percentile(&busy_latency, 50), percentile(&busy_latency, 99),
           percentile(&busy_latency, 100));
    if (!closed_loop) printf("backlog at the end %zu\n", backlog_len);
    return 0;
}
