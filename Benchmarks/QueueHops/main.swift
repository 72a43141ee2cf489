// Hop-cost microbenchmark for BoundedQueue; built and run by run.sh beside this file.
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif
func nowNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
actor Stage {
    var n = 0
    func take(_ xs: [Int]) { n += xs.count }
    func take1(_ x: Int) { n += 1 }
}
@main struct Bench {
    static func main() async { await Task.detached { await run() }.value }
    static func run() async {
        let count = 1_000_000
        func spin(_ ns: UInt64) {
            let t = nowNs()
            while nowNs() - t < ns {}
        }
        for work: UInt64 in [0, 20_000] {
            let n = work == 0 ? count : 20_000
            for (cap, maxBatch) in [(16, 1), (16, 16), (64, 64), (1, 1)] {
                let q = BoundedQueue<Int>(capacity: cap, policy: .block)
                let t0 = nowNs()
                let p = Task {
                    for i in 0..<n { _ = await q.push(i) }
                    q.finish()
                }
                var got = 0
                while let b = await q.pop(maxCount: maxBatch) {
                    got += b.count
                    for _ in b { spin(work) }
                }
                await p.value
                let dt = Double(nowNs() - t0) / Double(n) - Double(work)
                print("BoundedQueue work \(work) cap \(cap) batch \(maxBatch): \(dt) ns/element overhead (\(got))")
            }
        }
        do {
            let (s, c) = AsyncStream<Int>.makeStream(bufferingPolicy: .unbounded)
            let t0 = nowNs()
            let p = Task {
                for i in 0..<count { c.yield(i) }
                c.finish()
            }
            var got = 0
            for await _ in s { got += 1 }
            await p.value
            print("AsyncStream unbounded: \(Double(nowNs() - t0) / Double(count)) ns/element")
        }
        let st = Stage()
        let t0 = nowNs()
        for i in 0..<count { await st.take1(i) }
        print("direct actor call: \(Double(nowNs() - t0) / Double(count)) ns")
    }
}
