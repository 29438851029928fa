// libFuzzer target: the metrics endpoint's HTTP request-head parser (KeepvipHTTP), fed as the
// daemon feeds it — the bytes read so far, growing, against the daemon's 8 KiB limit.
//
// Besides not crashing: a head is only ever complete within the bytes given and the limit; a result
// never changes from complete or invalid to incomplete as more bytes arrive; an answer is always a
// whole HTTP/1.1 response.
import FuzzDriver
import KeepvipHTTP

private let limit = 8192

private func fuzzOne(_ input: [UInt8]) {
    var settled: HTTPRequestHead.ParseResult?
    // The bytes as they may arrive: every prefix would be too slow for big inputs; 64 cuts suffice.
    let step = max(1, input.count / 64)
    for end in stride(from: min(step, input.count), through: input.count, by: step) {
        let result = HTTPRequestHead.parse(Array(input[..<end]), limit: limit)
        switch result {
        case .incomplete:
            if settled != nil { fatalError("more bytes made a settled head incomplete") }
        case .complete(let head, let length):
            if length > end || length > limit { fatalError("a head longer than the bytes or the limit") }
            if !head.path.hasPrefix("/") { fatalError("a path that is not absolute") }
            if settled == nil { settled = result }
        case .invalid(let status, let reason):
            let response = HTTPResponse.error(status, reason).encoded()
            if !response.starts(with: Array("HTTP/1.1 ".utf8)) { fatalError("a malformed response") }
            if settled == nil { settled = result }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOne(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_cdecl("FuzzHTTPRequest_main")
public func fuzzHTTPRequestMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, warmUp: {
        fuzzOne(Array("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        fuzzOne(Array("BAD\r\n\r\n".utf8))
    }, testOneInput: fuzzHTTPRequest)
}
