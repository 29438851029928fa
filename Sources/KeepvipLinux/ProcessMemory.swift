import CKeepvipShim
import Glibc

/// The process's own memory.
public enum ProcessMemory {
    /// Takes the program's code pages out of the resident set (`madvise(MADV_PAGEOUT)` on its
    /// executable segments). Code that runs again faults back in from the page cache, so only what
    /// ran once — start-up work such as the configuration parser — stays out.
    public static func releaseProgramText() throws(SystemCallError) {
        if kv_release_program_text() != 0 { throw .last("madvise(MADV_PAGEOUT)") }
    }
}
