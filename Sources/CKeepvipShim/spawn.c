#define _GNU_SOURCE
#include "CKeepvipSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

struct failure {
    int32_t stage;
    int32_t error;
};

// Child side: report the failed step through the close-on-exec pipe and leave without running
// any atexit handler or flushing stdio buffers inherited from the parent.
static void child_fail(int report, int32_t stage) {
    struct failure failure = { stage, errno };
    ssize_t ignored = write(report, &failure, sizeof failure);
    (void)ignored;
    _exit(127);
}

// Between fork and execve only async-signal-safe calls; credentials through raw system calls so
// glibc's all-threads set*id machinery (meaningless in the one-thread child) stays out of it.
static void child_run(const struct kv_spawn_request *request, int report, int devnull) {
    // Handlers are reset by execve, but ignored signals stay ignored: reset every disposition.
    // The raw system call, because glibc's sigaction refuses the signals it reserves (32, 33),
    // and a runtime may have set one of those to SIG_IGN. The kernel's layout is
    // {handler, flags, restorer, mask} on x86-64 and arm64 alike; SIG_DFL needs no restorer.
    struct { void *handler; unsigned long flags; void *restorer; uint64_t mask; } default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.handler = (void *)SIG_DFL;
    for (int signal_number = 1; signal_number < NSIG; signal_number++) {
        if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
        (void)syscall(SYS_rt_sigaction, signal_number, &default_action, NULL, sizeof default_action.mask);
    }
    sigset_t empty;
    sigemptyset(&empty);
    if (sigprocmask(SIG_SETMASK, &empty, NULL) != 0) child_fail(report, KV_SPAWN_CHILD_SIGNALS);

    if (setpgid(0, 0) != 0) child_fail(report, KV_SPAWN_CHILD_SETPGID);

    for (int fd = 0; fd <= 2; fd++) {
        if (dup2(devnull, fd) < 0) child_fail(report, KV_SPAWN_CHILD_STDIO);
    }

    if (request->set_credentials) {
        if (syscall(SYS_setgroups, (size_t)request->group_count, request->groups) != 0)
            child_fail(report, KV_SPAWN_CHILD_SETGROUPS);
        if (syscall(SYS_setresgid, request->gid, request->gid, request->gid) != 0)
            child_fail(report, KV_SPAWN_CHILD_SETGID);
        if (syscall(SYS_setresuid, request->uid, request->uid, request->uid) != 0)
            child_fail(report, KV_SPAWN_CHILD_SETUID);
    }

    // Everything above 2 closes on exec, the report pipe included: EOF tells the parent it worked.
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
        child_fail(report, KV_SPAWN_CHILD_CLOSE_RANGE);

    // Like execvp: keep trying after "not there"; remember a permission failure as the answer.
    int denied = 0;
    for (int i = 0; i < request->candidate_count; i++) {
        execve(request->candidates[i], request->argv, request->envp);
        if (errno == EACCES) denied = 1;
        else if (errno != ENOENT && errno != ENOTDIR && errno != ESTALE) break;
    }
    if (denied && (errno == ENOENT || errno == ENOTDIR || errno == ESTALE)) errno = EACCES;
    child_fail(report, KV_SPAWN_CHILD_EXEC);
}

int kv_spawn(const struct kv_spawn_request *request, int32_t *pid_out, int32_t *pidfd_out,
             int32_t *stage, int32_t *error) {
    *stage = KV_SPAWN_OK;
    *error = 0;
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *stage = KV_SPAWN_PIPE;
        *error = errno;
        return -1;
    }
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0) {
        *stage = KV_SPAWN_DEVNULL;
        *error = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }

    // No signal handler of ours may run in the child before it has reset the dispositions.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t pid = fork();
    if (pid == 0) child_run(request, report[1], devnull);
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(report[1]);
    close(devnull);
    if (pid < 0) {
        *stage = KV_SPAWN_FORK;
        *error = fork_errno;
        close(report[0]);
        return -1;
    }

    struct failure failure = { KV_SPAWN_OK, 0 };
    size_t got = 0;
    while (got < sizeof failure) {
        ssize_t count = read(report[0], (char *)&failure + got, sizeof failure - got);
        if (count > 0) { got += (size_t)count; continue; }
        if (count == 0) break;
        if (errno == EINTR) continue;
        failure.stage = KV_SPAWN_READ;
        failure.error = errno;
        got = sizeof failure;
        kill(pid, SIGKILL);
        break;
    }
    close(report[0]);
    if (got > 0) {
        // The child failed before or at execve (or we could not tell): it has exited; reap it.
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        *stage = got == sizeof failure ? failure.stage : KV_SPAWN_READ;
        *error = got == sizeof failure ? failure.error : EIO;
        return -1;
    }

    // Our unreaped child cannot have its pid reused, so opening the pidfd now is race-free.
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        *stage = KV_SPAWN_PIDFD;
        *error = errno;
        kill(-pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        return -1;
    }
    *pid_out = pid;
    *pidfd_out = pidfd;
    return 0;
}

int kv_pidfd_reap(int pidfd, int32_t *exited, int32_t *status) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int result;
    do {
        result = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED | WNOHANG);
    } while (result < 0 && errno == EINTR);
    if (result < 0) return -1;
    if (info.si_pid == 0) return 0;
    *exited = info.si_code == CLD_EXITED;
    *status = info.si_status;
    return 1;
}
