#ifndef CKEEPVIP_SPAWN_H
#define CKEEPVIP_SPAWN_H

// Starting and reaping script processes: fork and the child's set-up until execve must be C
// (only async-signal-safe calls may run there), and `siginfo_t` is a union Swift reads poorly.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Which step of `kv_spawn` failed; the parent's steps come first, then the child's.
enum kv_spawn_stage {
    KV_SPAWN_OK = 0,
    KV_SPAWN_PIPE,          // pipe2 for the exec-error report
    KV_SPAWN_DEVNULL,       // open("/dev/null")
    KV_SPAWN_FORK,          // fork
    KV_SPAWN_PIDFD,         // pidfd_open
    KV_SPAWN_READ,          // read of the exec-error pipe
    KV_SPAWN_CHILD_SIGNALS, // sigprocmask in the child
    KV_SPAWN_CHILD_SETPGID, // setpgid(0, 0)
    KV_SPAWN_CHILD_STDIO,   // dup2 of /dev/null onto 0, 1, 2
    KV_SPAWN_CHILD_SETGROUPS,
    KV_SPAWN_CHILD_SETGID,  // setresgid
    KV_SPAWN_CHILD_SETUID,  // setresuid
    KV_SPAWN_CHILD_CLOSE_RANGE,
    KV_SPAWN_CHILD_EXEC,    // execve (the last candidate's errno, or EACCES if any was denied)
};

struct kv_spawn_request {
    /// Candidate executables tried in order (one, or argv[0] under each PATH directory).
    const char *const *candidates;
    int candidate_count;
    /// NULL-terminated argument and environment vectors.
    char *const *argv;
    char *const *envp;
    /// Non-zero: switch to uid/gid with exactly `groups` as supplementary groups.
    int set_credentials;
    uint32_t uid;
    uint32_t gid;
    const uint32_t *groups;
    int group_count;
};

/// Forks and execs. The child: all signals back to SIG_DFL and unblocked, its own process group,
/// stdin/stdout/stderr on /dev/null, the credentials, every other descriptor closed on exec.
/// Returns only after the child has exec'd or failed. On success returns 0 with `*pid` and
/// `*pidfd` (close-on-exec). On failure returns -1, with `*stage` and `*error` (errno); a child
/// that failed has already been reaped.
int kv_spawn(const struct kv_spawn_request *request, int32_t *pid, int32_t *pidfd,
             int32_t *stage, int32_t *error);

/// waitid(P_PIDFD, WEXITED | WNOHANG). Returns 1 when the child was reaped (`*exited` non-zero
/// for a normal exit with `*status` its code; zero when killed, `*status` the signal), 0 when it
/// is still running, -1 with errno on error.
int kv_pidfd_reap(int pidfd, int32_t *exited, int32_t *status);

#ifdef __cplusplus
}
#endif
#endif
