// libFuzzer target: the configuration loader (preprocessor, lexer, syntax tree, parser, validation).
//
// The input is the main file, /etc/keepalived/keepalived.conf, as raw bytes (invalid UTF-8 included).
// The separator "\0//\0" splits off further files, /etc/keepalived/conf.d/1.conf, 2.conf, …, so that
// `include` lines (relative, absolute, globs, cycles, nesting) resolve inside an in-memory file system.
// A plain keepalived.conf without the separator is a valid input as it is.
//
// Besides not crashing, the result must be consistent: a configuration exactly when there is no error.
import FuzzDriver
import KeepvipConfig

private let separator: [UInt8] = [0x00, 0x2F, 0x2F, 0x00]
private let mainPath = "/etc/keepalived/keepalived.conf"

private func split(_ input: [UInt8]) -> [[UInt8]] {
    var files: [[UInt8]] = []
    var start = 0
    var index = 0
    while index + separator.count <= input.count {
        if input[index] == 0, input[index..<index + separator.count].elementsEqual(separator) {
            files.append(Array(input[start..<index]))
            index += separator.count
            start = index
        } else {
            index += 1
        }
    }
    files.append(Array(input[start...]))
    return files
}

private func fuzzOne(_ input: [UInt8]) {
    let pieces = split(input)
    var fileSystem = InMemoryFileSystem()
    fileSystem.files[mainPath] = pieces[0]
    for (number, piece) in pieces.dropFirst().enumerated() {
        fileSystem.files["/etc/keepalived/conf.d/\(number + 1).conf"] = piece
    }
    let loader = ConfigurationLoader(configID: "lb1", fileSystem: fileSystem)
    let result = loader.load(path: mainPath)
    if (result.configuration == nil) != result.hasErrors {
        fatalError("a configuration came back together with errors, or neither came back")
    }
    for diagnostic in result.diagnostics { _ = diagnostic.description }
}

private let warmUpConfiguration = """
    global_defs {
        router_id lb1
        vrrp_version 3
    }
    $NAME=VI_1
    @lb1 include conf.d/*.conf
    vrrp_instance ${NAME} {
        state MASTER
        interface eth0
        virtual_router_id 51
        priority 150
        advert_int 1
        nopreempt
        unicast_src_ip 192.0.2.11
        unicast_peer {
            192.0.2.12
        }
        authentication {
            auth_type PASS
            auth_pass secret
        }
        virtual_ipaddress {
            192.0.2.200/24 dev eth0 label eth0:1
            2001:db8::200/64
        }
        track_script { check }
    }
    """

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOne(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_cdecl("FuzzConfiguration_main")
public func fuzzConfigurationMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, warmUp: {
        // A configuration through every stage once.
        fuzzOne(Array(warmUpConfiguration.utf8))
    }, testOneInput: fuzzConfiguration)
}
