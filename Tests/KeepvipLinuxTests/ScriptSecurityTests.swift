import Glibc
import Testing
@testable import KeepvipLinux

/// Script security on a temporary tree under /tmp (root-owned, sticky: passes like keepalived).
@Suite(.serialized)
struct ScriptSecurityTests {
    @Test func rootOwnedScriptInRootOwnedDirectoriesIsSecure() throws {
        let tree = TemporaryDirectory()
        defer { tree.remove() }
        tree.write("check.sh", "#!/bin/sh\n", mode: 0o755)
        #expect(try ScriptSecurity.check(tree.file("check.sh"), uid: 0, gid: 0) == tree.file("check.sh"))
        // Group write is fine when the group is root's.
        chmod(tree.file("check.sh"), 0o775)
        #expect(try ScriptSecurity.check(tree.file("check.sh"), uid: 0, gid: 0) == tree.file("check.sh"))
    }

    @Test func writableScriptIsRefusedNamingIt() throws {
        let tree = TemporaryDirectory()
        defer { tree.remove() }
        let script = tree.file("check.sh")
        tree.write("check.sh", "#!/bin/sh\n", mode: 0o757)
        #expect(throws: ScriptSecurityError.worldWritable(path: script)) {
            try ScriptSecurity.check(script, uid: 0, gid: 0)
        }
        chmod(script, 0o775)
        chown(script, 0, 65534)
        #expect(throws: ScriptSecurityError.groupWritable(path: script, group: 65534)) {
            try ScriptSecurity.check(script, uid: 0, gid: 0)
        }
        chmod(script, 0o755)
        chown(script, 65534, 0)
        #expect(throws: ScriptSecurityError.ownedByNonRoot(path: script, owner: 65534)) {
            try ScriptSecurity.check(script, uid: 0, gid: 0)
        }
    }

    @Test func writableDirectoryIsRefusedUnlessSticky() throws {
        let tree = TemporaryDirectory()
        defer { tree.remove() }
        mkdir(tree.file("scripts"), 0o755)
        tree.write("scripts/check.sh", "#!/bin/sh\n", mode: 0o755)
        let script = tree.file("scripts/check.sh")
        chmod(tree.file("scripts"), 0o777)
        #expect(throws: ScriptSecurityError.worldWritable(path: tree.file("scripts"))) {
            try ScriptSecurity.check(script, uid: 0, gid: 0)
        }
        chmod(tree.file("scripts"), 0o1777)
        #expect(try ScriptSecurity.check(script, uid: 0, gid: 0) == script)
        chmod(tree.file("scripts"), 0o755)
        chown(tree.file("scripts"), 65534, 65534)
        #expect(throws: ScriptSecurityError.ownedByNonRoot(path: tree.file("scripts"), owner: 65534)) {
            try ScriptSecurity.check(script, uid: 0, gid: 0)
        }
    }

    /// A symlink is resolved: what runs is the target, and the target's directories are checked.
    @Test func symlinkIsResolvedAndTheTargetChecked() throws {
        let tree = TemporaryDirectory()
        defer { tree.remove() }
        mkdir(tree.file("real"), 0o755)
        tree.write("real/check.sh", "#!/bin/sh\n", mode: 0o755)
        symlink(tree.file("real/check.sh"), tree.file("link.sh"))
        #expect(try ScriptSecurity.check(tree.file("link.sh"), uid: 0, gid: 0) == tree.file("real/check.sh"))
        chmod(tree.file("real"), 0o777)
        #expect(throws: ScriptSecurityError.worldWritable(path: tree.file("real"))) {
            try ScriptSecurity.check(tree.file("link.sh"), uid: 0, gid: 0)
        }
    }

    /// A link in the target's own directory keeps its name (programs may act on their name); the
    /// link itself is then checked too, by owner only (a symlink's mode bits mean nothing).
    @Test func sameDirectoryAliasKeepsItsNameAndIsChecked() throws {
        let tree = TemporaryDirectory()
        defer { tree.remove() }
        tree.write("check.sh", "#!/bin/sh\n", mode: 0o755)
        symlink("check.sh", tree.file("alias.sh"))
        #expect(try ScriptSecurity.check(tree.file("alias.sh"), uid: 0, gid: 0) == tree.file("alias.sh"))
        lchown(tree.file("alias.sh"), 65534, 65534)
        #expect(throws: ScriptSecurityError.ownedByNonRoot(path: tree.file("alias.sh"), owner: 65534)) {
            try ScriptSecurity.check(tree.file("alias.sh"), uid: 0, gid: 0)
        }
    }

    @Test func executabilityAndWhoRunsIt() throws {
        let tree = TemporaryDirectory()
        defer { tree.remove() }
        let script = tree.file("check.sh")
        tree.write("check.sh", "#!/bin/sh\n", mode: 0o644)
        #expect(throws: ScriptSecurityError.notExecutable(path: script, uid: 0, gid: 0)) {
            try ScriptSecurity.check(script, uid: 0, gid: 0)
        }
        chmod(script, 0o750)
        #expect(throws: ScriptSecurityError.notExecutable(path: script, uid: 65534, gid: 65534)) {
            try ScriptSecurity.check(script, uid: 65534, gid: 65534)
        }
        // Run by an unprivileged user, a world-writable script is not keepalived's concern.
        chmod(script, 0o777)
        #expect(try ScriptSecurity.check(script, uid: 65534, gid: 65534) == script)
        #expect(throws: ScriptSecurityError.inaccessible(path: tree.file("missing"), SystemCallError("realpath", errno: ENOENT))) {
            try ScriptSecurity.check(tree.file("missing"), uid: 0, gid: 0)
        }
    }

    @Test func bareNameIsFoundInPath() throws {
        let found = try ScriptSecurity.check("sh", uid: 0, gid: 0)
        #expect(found.hasPrefix("/") && found.hasSuffix("/sh"))
    }
}
