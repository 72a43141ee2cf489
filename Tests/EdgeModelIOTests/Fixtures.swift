import EdgeModelIO

/// Paths of the committed fixtures (written by scripts/make_torch_fixture.py).
enum Fixtures {
    static let directory: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures"
    }()

    /// A seeded DigitCNN state_dict written by `safetensors.torch.save_file`.
    static var torchWeights: String { directory + "/digitcnn_torch.safetensors" }
    /// `inputs` [4,1,28,28] and PyTorch's eval-mode `logits` [4,10] for `torchWeights`.
    static var expected: String { directory + "/digitcnn_expected.safetensors" }
}

/// A unique path in the temporary directory for one test's file.
func temporaryPath(_ name: String) -> String {
    "/tmp/edgeloop-modelio-\(getpid())-\(name)"
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
