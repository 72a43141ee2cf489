import Foundation
import Synchronization
import Testing

@testable import EdgePipeline

/// A paced source that cannot keep its rate says so once and reports its lateness.
@Suite struct SourcePacingTests {
    /// A sensor that needs `workMs` per frame (a renderer slower than the frame period).
    struct SlowSource: FrameSource {
        let workMs: Double
        let frames: Int
        var notes: [String] { [] }
        mutating func next(id: Int) -> SourceDelivery? {
            guard id < frames else { return nil }
            Thread.sleep(forTimeInterval: workMs / 1000)
            let info = FrameInfo(id: id, source: "slow-\(id)", label: nil)
            return SourceDelivery(result: .next(SourceFrame(info: info, payload: .png([]))), pixelCount: 0)
        }
    }

    final class Warnings: Sendable {
        let lines = Mutex<[String]>([])
    }

    private func run(_ source: SlowSource, rate: FrameRate) async -> (SourceWorker.Outcome, [String]) {
        let queue = BoundedQueue<SourceFrame>(capacity: 64, policy: .block)
        let sink = Sink(
            recorder: SinkRecorder(warmupFrames: 0, origin: MonotonicClock.now(), log: nil, trace: nil),
            progress: ProgressLine(enabled: false))
        let warnings = Warnings()
        let outcome = await SourceWorker(source: source).run(
            rate: rate, limits: RunLimits(), stop: StopSignal(),
            output: queue, sink: sink
        ) { line in
            warnings.lines.withLock { $0.append(line) }
        }
        return (outcome, warnings.lines.withLock { $0 })
    }

    @Test func aSourceSlowerThanItsRateWarnsOnceAndReportsLateness() async throws {
        // 100 fps asks for a frame every 10 ms; this sensor needs 30 ms: every frame after the
        // first two is more than a period late, and the delay only grows.
        let (outcome, warnings) = await run(SlowSource(workMs: 30, frames: 8), rate: .fps(100))
        #expect(outcome.produced == 8)
        let pacing = try #require(outcome.pacing as SourcePacing?)
        #expect(pacing.targetFPS == 100)
        #expect(pacing.lateFrames >= 5, "\(pacing)")
        #expect(pacing.maxLatenessUs >= 100_000, "eight 30 ms frames on a 10 ms schedule end ≥ 140 ms behind")
        #expect(pacing.deliveredFPS < 40)
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("warning: the source cannot keep 100 fps: frame ") == true, "\(warnings)")
    }

    @Test func rateMaxHasNoSchedule() async {
        let (outcome, warnings) = await run(SlowSource(workMs: 0, frames: 5), rate: .max)
        #expect(outcome.produced == 5 && outcome.pacing == nil && warnings.isEmpty)
    }

    @Test func theSummarySaysWhenTheSourceFellBehind() {
        let line = SourcePacing.warning(targetFPS: 60, frame: 12, latenessNs: 18_240_000, serviceNs: 27_010_000)
        #expect(
            line
                == "warning: the source cannot keep 60 fps: frame 12 started 18.2 ms behind its slot (the last frame took 27.0 ms to produce); lateness is reported at the end"
        )
        #expect(SourcePacing(targetFPS: 29.97, deliveredFPS: 29.9, lateFrames: 0, maxLatenessUs: 3).fellBehind == false)
        let caughtUp = SourcePacing(targetFPS: 60, deliveredFPS: 59.9, lateFrames: 12, maxLatenessUs: 40_000)
        #expect(caughtUp.fellBehind && caughtUp.keptRate, "late at times, but the rate held")
        #expect(!SourcePacing(targetFPS: 60, deliveredFPS: 32, lateFrames: 500, maxLatenessUs: 1e6).keptRate)
    }
}
