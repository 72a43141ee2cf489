import EdgeGraph
import EdgeTensor

extension DigitCNNWeights {
    /// Weights from a safetensors `state_dict` as PyTorch writes it
    /// (`safetensors.torch.save_file(model.state_dict(), …)`).
    ///
    /// Float tensors must be `F32` with DigitCNN's shapes; `bn*.num_batches_tracked` must be
    /// `I64` scalars when present and default to 0 when absent (as PyTorch's `load_state_dict`
    /// allows); any other key is an error.
    /// - Throws: `SafetensorsError.entry` naming the first missing, unexpected, mis-typed or
    ///   mis-shaped key.
    public init(safetensors file: SafetensorsFile) throws(SafetensorsError) {
        let expected = Set(Self.stateDictKeys)
        if let extra = file.names.first(where: { !expected.contains($0) }) {
            throw .entry(extra, problem: "unexpected key (not part of a DigitCNN state_dict)")
        }
        var tensors: [String: Tensor<Float>] = [:]
        for (name, shape) in Self.specification {
            guard let entry = file[name] else { throw .entry(name, problem: "missing from the file") }
            guard entry.dtype == .float32 else { throw .entry(name, problem: "dtype \(entry.dtype), expected F32") }
            guard entry.shape == shape else { throw .entry(name, problem: "shape \(entry.shape), expected \(shape)") }
            let tensor = entry.floatTensor!
            try Self.requireUsable(tensor, name: name)
            tensors[name] = tensor
        }
        var counters: [String: Int64] = [:]
        for name in Self.counterNames {
            guard let entry = file[name] else { continue }
            guard entry.dtype == .int64 else { throw .entry(name, problem: "dtype \(entry.dtype), expected I64") }
            guard entry.shape.rank == 0 else {
                throw .entry(name, problem: "shape \(entry.shape), expected a scalar []")
            }
            counters[name] = entry.int64Values![0]
        }
        do {
            try self.init(tensors: tensors, numBatchesTracked: counters)
        } catch {
            // Unreachable after the checks above; kept so a future spec change still reports.
            throw .entry("state_dict", problem: error.description)
        }
    }

    /// Refuses values no trained network holds: NaN or ±Inf anywhere, a negative running
    /// variance (BatchNorm would take its square root). Either would turn every output into
    /// NaN, so a corrupt file is stopped at load, naming the tensor.
    static func requireUsable(_ tensor: Tensor<Float>, name: String) throws(SafetensorsError) {
        let isVariance = name.hasSuffix("running_var")
        let problem: String? = tensor.withUnsafeBufferPointer { values in
            for (index, value) in values.enumerated() {
                if !value.isFinite { return "holds a non-finite value (\(value)) at element \(index)" }
                if isVariance && value < 0 { return "holds a negative variance (\(value)) at element \(index)" }
            }
            return nil
        }
        if let problem { throw .entry(name, problem: problem) }
    }

    /// The `state_dict` as a safetensors file, in PyTorch's key order, with the
    /// `num_batches_tracked` counters as `I64` scalars and metadata `{"format": "pt"}`, so
    /// `model.load_state_dict(safetensors.torch.load_file(path), strict=True)` accepts it.
    public var safetensors: SafetensorsFile {
        var file = SafetensorsFile(metadata: ["format": "pt"])
        for (name, _) in Self.specification {
            file.set(name, SafetensorsTensor(self[name]))
            if name.hasSuffix("running_var") {
                let counter = String(name.dropLast("running_var".count)) + "num_batches_tracked"
                file.set(counter, SafetensorsTensor(int64: [numBatchesTracked[counter] ?? 0], shape: []))
            }
        }
        return file
    }

    /// Reads DigitCNN weights from the safetensors file at `path`.
    /// - Throws: `ModelFileError` naming `path` and the problem.
    public init(contentsOf path: String) throws(ModelFileError) {
        let file = try SafetensorsFile(contentsOf: path)
        do {
            try self.init(safetensors: file)
        } catch {
            throw ModelFileError(path: path, problem: error.description)
        }
    }

    /// Writes the weights as a PyTorch-loadable safetensors file at `path`, atomically.
    /// - Throws: `ModelFileError` naming `path` when it cannot be written.
    public func write(to path: String) throws(ModelFileError) {
        try safetensors.write(to: path)
    }
}
