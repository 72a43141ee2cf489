extension RunResult {
    /// The human summary printed at the end of a run.
    public func summary(config: PipelineConfig, metadata: RunMetadata) -> String {
        var out = ""
        func line(_ s: String) { out += s + "\n" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        func f(_ v: Double, _ digits: Int = 1) -> String {
            let scale = digits == 0 ? 1.0 : (digits == 1 ? 10.0 : (digits == 2 ? 100.0 : 1000.0))
            let r = (v * scale).rounded() / scale
            return digits == 0 ? String(Int(r)) : String(r)
        }
        if metadata.build == "debug" {
            line("WARNING: DEBUG BUILD - latencies are not representative; use `swift run -c release edge run ...`")
        }
        line(
            "\(config.name): \(metadata.variant.rawValue) on \(metadata.kernels) kernels, \(metadata.build) build, \(config.inference.workers) worker(s)\(interrupted ? ", stopped by signal" : "")"
        )
        let c = counts
        var outcome =
            "frames: produced \(c.produced) = predicted \(c.predicted) + failed \(c.failed) + dropped \(c.dropped)"
        outcome += c.balances ? "  [accounting ok]" : "  [ACCOUNTING MISMATCH: sink received \(c.received)]"
        line(outcome)
        if !c.failedByReason.isEmpty {
            line(
                "  failed: "
                    + c.failedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                        separator: ", "))
        }
        if !c.droppedByStage.isEmpty {
            line(
                "  dropped at: "
                    + c.droppedByStage.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                        separator: ", "))
        }
        if let acc = c.accuracy {
            line("accuracy: \(f(acc * 100, 2))% (\(c.correct)/\(c.labelled) labelled predictions)")
        } else if c.withLabel > 0 {
            line("accuracy: n/a (\(c.withLabel) frame(s) had labels, but none of them was predicted)")
        } else {
            line("accuracy: n/a (no labels)")
        }
        let rate =
            c.produced > warmupFrames
            ? "\(f(throughputPerSecond)) frames/s after \(warmupFrames) warm-up frames"
            : "n/a (all \(c.produced) frame(s) were warm-up; warmup_frames is \(warmupFrames))"
        line(
            "throughput: \(rate); wall \(f(wallSeconds, 3)) s; cpu \(f(cpuMicrosecondsPerFrame)) us/frame (all threads)"
        )
        if let pacing = sourcePacing {
            let kept = pacing.keptRate ? "kept" : "FELL BEHIND"
            line(
                "source pacing: \(kept) \(pacing.targetFPS.formatted) fps: delivered \(f(pacing.deliveredFPS)) frames/s, "
                    + "\(pacing.lateFrames) frame(s) more than one period late, max lateness \(f(pacing.maxLatenessUs / 1000, 2)) ms"
            )
        }
        line("latency (us)              mean       min       p50       p90       p99     p99.9       max")
        func row(_ name: String, _ s: LatencyStats) {
            let m = s.summary
            guard m.count > 0 else { return }
            let cells = [m.meanUs, m.minUs, m.p50Us, m.p90Us, m.p99Us, m.p999Us, m.maxUs].map {
                lpad(f($0, $0 >= 10_000 ? 0 : 1), 10)
            }
            line(pad(name, 20) + cells.joined())
        }
        for stage in PipelineStage.allCases {
            row("\(stage.name) service", service[stage.rawValue])
            row("\(stage.name) wait", wait[stage.rawValue])
        }
        row("  png decode", decode)
        row("end to end", endToEnd)
        row("pipeline overhead", overhead)
        if logWriteNsPerFrame > 0 { line("log writes: \(f(logWriteNsPerFrame / 1000, 2)) us per frame (batched)") }
        for file in files { line("wrote \(file)") }
        return out
    }
}
