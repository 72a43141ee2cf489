import Testing

@testable import EdgePipeline

@Suite struct SinkPartsTests {
    @Test func byteBufferFormatsNumbersLikeTheLogSays() {
        var b = LogBuffer()
        b.append(int: -42)
        b.append(" ")
        b.append(uint: 0)
        b.append(" ")
        b.append(uint: 18_446_744_073_709_551_615)
        b.append(" ")
        b.append(microsecondsFromNs: 1_234_567)  // 1234.567 us -> 1234.6
        b.append(" ")
        b.append(microsecondsFromNs: 40)  // 0.04 us -> 0.0
        b.append(" ")
        b.append(fraction: 0.99817)
        b.append(" ")
        b.append(fraction: 0.05)
        b.append(" ")
        b.append(fraction: .nan)
        b.append(" ")
        b.append(fraction: 7)
        b.append(" ")
        b.appendJSONString("a\"b\\c\n\u{1}")
        #expect(
            String(decoding: b.bytes, as: UTF8.self)
                == "-42 0 18446744073709551615 1234.6 0.0 0.9982 0.0500 null 1.0000 \"a\\\"b\\\\c\\n\\u0001\"")
    }

    @Test func latencyStatsMatchKnownValues() {
        var s = LatencyStats()
        for us in 1...1000 { s.record(ns: UInt64(us) * 1000) }
        let m = s.summary
        #expect(m.count == 1000)
        #expect(m.minUs == 1 && abs(m.maxUs - 1000) <= 1)
        #expect(abs(m.p50Us - 500) <= 0.5 && abs(m.p99Us - 990) <= 1)
        #expect(abs(m.meanUs - 500.5) < 0.5)
        #expect(s.buckets.reduce(0) { $0 + $1.count } == 1000)
        #expect(s.buckets.first?.upperUs == 1)
    }

    @Test func frameTimingWaitsSkipStagesNotReached() {
        var t = FrameTiming()
        t.scheduled = 100
        t.record(.source, start: 150, end: 200)
        t.record(.sink, start: 260, end: 270)
        #expect(t.wait(.source) == 50)
        #expect(t.service(.source) == 50)
        #expect(t.wait(.preprocess) == nil)
        #expect(t.wait(.sink) == 60)  // from the source's end: the frame skipped two stages
        #expect(t.endToEnd == 120)
    }

    @Test func countsBalanceOnlyWhenEveryFrameArrived() {
        var c = RunCounts()
        c.produced = 3
        let info = FrameInfo(id: 0, source: "a", label: 4)
        c.count(FinishedFrame(info: info, outcome: .predicted(label: 4, confidence: 0.9)))
        c.count(FinishedFrame(info: info, outcome: .failed(reason: "empty_frame", detail: "")))
        #expect(!c.balances)
        c.count(FinishedFrame(info: info, outcome: .dropped(stage: .inference, policy: .dropOldest)))
        #expect(c.balances)
        #expect(c.accuracy == 1)
        #expect(c.droppedByStage == ["inference": 1] && c.failedByReason == ["empty_frame": 1])
    }
}
