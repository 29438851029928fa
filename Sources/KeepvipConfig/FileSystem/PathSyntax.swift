/// Lexical path arithmetic (no file system access).
enum PathSyntax {
    /// The directory part of `path`: `"/etc/keepalived"` for `"/etc/keepalived/keepalived.conf"`, `""` for `"a.conf"`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `pattern` as seen from the file in `directory`: absolute patterns stay, relative ones are joined.
    static func resolve(_ pattern: String, relativeTo directory: String) -> String {
        if pattern.hasPrefix("/") || directory.isEmpty { return pattern }
        if directory.hasSuffix("/") { return directory + pattern }
        return directory + "/" + pattern
    }

    /// Removes `.` and empty components and folds `name/..`.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
