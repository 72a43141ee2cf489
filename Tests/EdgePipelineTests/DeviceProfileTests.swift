import EdgeGraph
import EdgeIO
import EdgeModelIO
import Foundation
import Testing

@testable import EdgePipeline

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

private func graph(_ relative: String) throws -> Graph {
    let path = root + "/" + relative
    return try ONNXReader.graph(bytes: try FileSystem.read(path), path: path)
}

@Suite("device profiles and edge estimate")
struct DeviceProfileTests {
    /// The image-classification rows of ../shared/devices-calibration.md: (profile, IC ms, IC µJ).
    static let published: [(String, Double, Double?)] = [
        ("nucleo-l4r5zi-tflm", 704.2, 29207), ("nucleo-l4r5zi-microtvm", 389.6, 20236),
        ("nucleo-l4r5zi-plumerai", 167.8, nil), ("nucleo-l4r5zi-xcubeai", 165.1, 6919),
        ("nucleo-h7a3zi-xcubeai", 40.8, 5090), ("nucleo-h7a3zi-hale-fp32", 124.2, nil),
        ("disco-f746ng-plumerai", 62.9, nil), ("nucleo-u575zi-xcubeai", 111.1, 2579),
        ("nucleo-u385rg-xcubeai", 182.4, 966), ("nrf5340dk-microtvm", 316.2, nil), ("ek-ra6m4-tflm", 246.2, 17724),
        ("ek-ra8d1-tflm", 8.48, nil), ("nucleo-g0b1re-hale", 1522, nil), ("rpi4-leip", 1.07, nil),
    ]

    @Test(
        "the 14 shipped profiles reproduce their calibration rows on our ResNet-8 (MACs and peak activations as published)"
    )
    func calibrationRows() throws {
        let resnet8 = try graph("models/foreign/resnet8.onnx")
        let directory = root + "/devices"
        #expect(Set(try DeviceProfile.names(directory: directory)).isSuperset(of: Self.published.map(\.0)))
        for (name, ms, microjoules) in Self.published {
            let profile = try DeviceProfile.named(name, directory: directory)
            let estimate = try DeviceEstimate.estimate(resnet8, model: "resnet8", on: profile)
            #expect(estimate.macs == 12_501_632, "\(name)")
            #expect(
                abs(estimate.latencyMilliseconds / ms - 1) < 0.10,
                "\(name): \(estimate.latencyMilliseconds) ms vs \(ms)")
            if let microjoules {
                let energy = try #require(estimate.energyMicrojoules, "\(name) has no active power")
                #expect(abs(energy / microjoules - 1) < 0.10, "\(name): \(energy) µJ vs \(microjoules)")
            }
            // Published peak live activations of ResNet-8: 49,152 bytes at int8.
            #expect(estimate.activationBytes == 49_152 * profile.elementBytes, "\(name)")
            #expect(estimate.weightBytes == 77_706 * profile.elementBytes, "\(name)")
            for source in profile.cyclesPerMAC.values { #expect(!source.source.isEmpty) }
        }
    }

    @Test("DS-CNN and the FC autoencoder: published MACs, and the two boards that publish them reproduce KWS and AD")
    func keywordSpottingAndAnomalyDetection() throws {
        let ds = ReferenceShapes.dsCNN()
        let ae = ReferenceShapes.autoencoder()
        for (name, kws, ad) in [("nucleo-l4r5zi-tflm", 181.9, 10.05), ("nucleo-h7a3zi-xcubeai", 11.32, 1.23)] {
            let profile = try DeviceProfile.named(name, directory: root + "/devices")
            let k = try DeviceEstimate.estimate(ds, model: "ds-cnn", on: profile)
            let a = try DeviceEstimate.estimate(ae, model: "fc-autoencoder", on: profile)
            #expect(k.macs == 2_656_768 && a.macs == 264_192)
            let depthwise = k.layers.filter { $0.opClass == .depthwise }.reduce(0) { $0 + $1.macs }
            #expect(depthwise == 288_000)
            #expect(abs(k.latencyMilliseconds / kws - 1) < 0.10, "\(name) KWS \(k.latencyMilliseconds) vs \(kws)")
            #expect(abs(a.latencyMilliseconds / ad - 1) < 0.10, "\(name) AD \(a.latencyMilliseconds) vs \(ad)")
        }
    }

    @Test("op classes: depthwise, pointwise, dense, fully connected, elementwise, views")
    func classes() throws {
        let profile = try DeviceProfile.named("nucleo-l4r5zi-tflm", directory: root + "/devices")
        let mobilenet = try DeviceEstimate.estimate(
            try graph("models/foreign/mobilenet_tiny.onnx"), model: "mobilenet", on: profile)
        let used = Set(mobilenet.layers.map(\.opClass))
        #expect(used.isSuperset(of: [.depthwise, .pointwise, .denseConv, .fullyConnected, .elementwise]))
        // 3,341,248: counted on the shapes onnxruntime runs (ONNX shape inference leaves 22 shapes after
        // the F.pad subgraphs unresolved, which once made the manifest say 1,130,848).
        #expect(mobilenet.macs == 3_341_248)
        // Each MAC layer costs its MACs at its class's rate (elementwise and overhead are 0 here).
        for layer in mobilenet.layers where DeviceOpClass.macClasses.contains(layer.opClass) {
            let rate = try #require(profile.cyclesPerMAC[layer.opClass]?.value)
            #expect(abs(layer.cycles - Double(layer.macs) * rate) < 1e-6 * max(layer.cycles, 1))
        }
        let total = mobilenet.layers.reduce(0) { $0 + $1.milliseconds }
        #expect(abs(total - mobilenet.latencyMilliseconds) < 1e-9)
    }

    @Test("a bad profile is refused in one line naming the file, line and key")
    func badProfiles() throws {
        let folder = NSTemporaryDirectory() + "edge-devices-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let good = try String(contentsOfFile: root + "/devices/nucleo-l4r5zi-tflm.yaml", encoding: .utf8)
        func refusal(_ text: String) -> String? {
            try? text.write(toFile: folder + "/x.yaml", atomically: true, encoding: .utf8)
            do {
                _ = try DeviceProfile.load(folder + "/x.yaml")
                return nil
            } catch { return error.description }
        }
        let precision = refusal(good.replacingOccurrences(of: "precision: int8", with: "precision: int4"))
        #expect(precision?.contains("precision") == true && precision?.contains("int4") == true)
        let unknown = refusal(good + "colour: blue\n")
        #expect(unknown?.contains("colour") == true && unknown?.contains("unknown key") == true)
        let missing = refusal(good.replacingOccurrences(of: "  fully_connected:", with: "  fc:"))
        #expect(missing?.contains("cycles_per_mac.fc") == true)
        let text = refusal(good.replacingOccurrences(of: "value: 120", with: "value: fast"))
        #expect(text?.contains("clock_mhz.value") == true && text?.contains("x.yaml:") == true)
        var unknownName = ""
        do { _ = try DeviceProfile.named("nope", directory: root + "/devices") } catch {
            unknownName = error.description
        }
        #expect(unknownName.contains("no such device profile") && unknownName.contains("nucleo-l4r5zi-tflm"))
    }
}
