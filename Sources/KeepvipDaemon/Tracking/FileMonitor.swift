import Glibc
import KeepvipConfig
import KeepvipLinux
import Logging

/// The `track_file`s instances track: written at start-up when `init_file` says so, watched with
/// inotify, re-read on every change. A missing file reads 0; text that is not a number reads 0
/// with a warning (keepalived's reading, `TrackFileValue`).
final class FileMonitor: TrackFileValues {
    let files: [TrackFile]
    private var values: [String: Int32] = [:]
    let watch: FileWatch
    private let logger: Logger
    /// Called with the track_file's name when its value changes.
    var onValueChange: ((String) -> Void)?
    /// Set by the host: stops watching.
    var onClose: (() -> Void)?

    init(files: [TrackFile], logger: Logger) throws(SystemCallError) {
        self.files = files
        self.logger = logger
        watch = try FileWatch()
        for file in files {
            if let initialization = file.initialization { initialize(file, with: initialization) }
            do {
                try watch.watch(file.path)
            } catch {
                logger.error("track_file \(file.name): cannot watch \(file.path): \(error); its value is read at start only")
            }
            values[file.name] = read(file, previous: 0)
        }
    }

    func value(of name: String) -> Int? { values[name].map(Int.init) }

    func close() {
        onClose?()
        onClose = nil
    }

    /// The watch's descriptor was readable.
    func changed() {
        let paths: [String]
        do {
            paths = try watch.drain()
        } catch {
            logger.error("reading track_file events: \(error)")
            return
        }
        for file in files where paths.contains(file.path) {
            let previous = values[file.name] ?? 0
            let value = read(file, previous: previous)
            guard value != previous else { continue }
            values[file.name] = value
            logger.info("track_file \(file.name) (\(file.path)) now \(value), was \(previous)")
            onValueChange?(file.name)
        }
    }

    private func read(_ file: TrackFile, previous: Int32) -> Int32 {
        let value = TrackFileValue.read(path: file.path)
        switch value {
        case .garbage:
            logger.warning("track_file \(file.name): \(file.path) does not start with a number; counted as 0")
        case .outOfRange:
            logger.warning("track_file \(file.name): the number in \(file.path) is out of range; keeping \(previous)")
        case .value, .missing:
            break
        }
        return value.resolved(previous: previous)
    }

    /// `init_file [VALUE] [overwrite]`: create the file with VALUE, or replace what it holds.
    private func initialize(_ file: TrackFile, with initialization: TrackFile.Initialization) {
        do {
            _ = try TrackFileValue.initialize(
                path: file.path, value: initialization.value, replacing: initialization.overwritesExisting)
        } catch {
            logger.error("track_file \(file.name): cannot initialise \(file.path): \(error)")
        }
    }
}
