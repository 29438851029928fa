import Glibc
import Testing
@testable import KeepvipLinux

@Suite(.serialized)
struct FileWatchTests {
    @Test func reportsWritesRenamesAndDeletesOfWatchedFilesOnly() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let tracked = directory.file("weight")
        let watch = try FileWatch()
        try watch.watch(tracked)  // does not exist yet: its directory is watched
        #expect(try watch.drain() == [])

        directory.write("weight", "10\n")
        #expect(waitReadable(watch.descriptor))
        #expect(try watch.drain() == [tracked])

        directory.write("unrelated", "1\n")
        #expect(waitReadable(watch.descriptor))
        #expect(try watch.drain() == [])

        directory.write("weight.new", "-5\n")
        rename(directory.file("weight.new"), tracked)
        #expect(waitReadable(watch.descriptor))
        #expect(try watch.drain() == [tracked])
        #expect(TrackFileValue.read(path: tracked) == .value(-5))

        unlink(tracked)
        #expect(waitReadable(watch.descriptor))
        #expect(try watch.drain() == [tracked])
        #expect(TrackFileValue.read(path: tracked) == .missing)
    }

    @Test func missingDirectoryIsAnError() {
        #expect(throws: SystemCallError.self) {
            try FileWatch().watch("/nonexistent-keepvip-dir/weight")
        }
    }
}

struct TrackFileValueTests {
    @Test func parsesTheLeadingIntegerLikeStrtol() {
        let cases: [(String, TrackFileValue)] = [
            ("10\n", .value(10)), ("  \t-42 trailing words", .value(-42)), ("+7", .value(7)),
            ("0x1F", .value(31)), ("-0x10\n", .value(-16)), ("010", .value(8)), ("08", .value(0)),
            ("0x", .value(0)), ("12abc", .value(12)), ("2147483647", .value(Int32.max)),
            ("-2147483648", .value(Int32.min)), ("2147483648", .outOfRange),
            ("99999999999999999999999", .outOfRange), ("abc", .garbage), ("   \n", .garbage),
            ("-", .garbage), ("", .garbage),
        ]
        for (text, expected) in cases {
            #expect(TrackFileValue.parse(Array(text.utf8)) == expected, "\(text.debugDescription)")
        }
        #expect(TrackFileValue.parse([0x35, 0x00, 0x36]) == .value(5))
        #expect(TrackFileValue.outOfRange.resolved(previous: 3) == 3)
        #expect(TrackFileValue.garbage.resolved(previous: 3) == 0)
        #expect(TrackFileValue.missing.resolved(previous: 3) == 0)
        #expect(TrackFileValue.value(-9).resolved(previous: 3) == -9)
    }

    @Test func readsAtMostTheFirst127Bytes() {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        directory.write("long", String(repeating: " ", count: 127) + "5\n")
        #expect(TrackFileValue.read(path: directory.file("long")) == .garbage)
        directory.write("empty", "")
        #expect(TrackFileValue.read(path: directory.file("empty")) == .missing)
        #expect(TrackFileValue.read(path: directory.file("absent")) == .missing)
    }
}

struct UserDatabaseTests {
    @Test func looksUpUsersAndGroups() throws {
        let root = try #require(try UserDatabase.user(named: "root"))
        #expect(root.uid == 0 && root.gid == 0)
        #expect(try UserDatabase.user(named: "keepvip-no-such-user") == nil)
        #expect(try UserDatabase.group(named: "root") == 0)
        #expect(try UserDatabase.group(named: "keepvip-no-such-group") == nil)
        let nobody = try UserDatabase.credentials(user: "nobody")
        #expect(nobody.uid == 65534 && nobody.supplementaryGroups.contains(nobody.gid))
        let withGroup = try UserDatabase.credentials(user: "nobody", group: "root")
        #expect(withGroup.gid == 0 && withGroup.supplementaryGroups.contains(0))
        #expect(throws: UserLookupError.noSuchUser("keepvip-no-such-user")) {
            try UserDatabase.credentials(user: "keepvip-no-such-user")
        }
        #expect(throws: UserLookupError.noSuchGroup("keepvip-no-such-group")) {
            try UserDatabase.credentials(user: "nobody", group: "keepvip-no-such-group")
        }
        // Whichever it is on this machine, the question has an answer.
        _ = try UserDatabase.defaultScriptUserExists()
    }
}
