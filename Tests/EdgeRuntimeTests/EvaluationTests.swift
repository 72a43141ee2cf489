import Foundation
import Testing

@testable import EdgeRuntime

@Suite("Evaluation")
struct EvaluationTests {
    @Test("confusion matrix, per-class accuracy and totals")
    func counts() throws {
        var evaluation = Evaluation(classCount: 3)
        for (label, prediction) in [(0, 0), (0, 1), (1, 1), (2, 2), (2, 0), (2, 2)] {
            try evaluation.record(label: label, prediction: prediction)
        }
        #expect(evaluation.total == 6)
        #expect(evaluation.correct == 4)
        #expect(evaluation.accuracy == 4.0 / 6.0)
        #expect(evaluation.confusion == [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
        #expect(evaluation.perClassAccuracy == [0.5, 1.0, 2.0 / 3.0])
        #expect(evaluation.predictions == [0, 1, 1, 2, 0, 2])
        #expect(Evaluation(classCount: 2).perClassAccuracy == [nil, nil])
        #expect(Evaluation(classCount: 10).accuracy == nil)
    }

    @Test("an unclassified (empty) sample counts in the total and against its class, with a nil prediction")
    func unclassified() throws {
        var evaluation = Evaluation(classCount: 3)
        try evaluation.record(label: 1, prediction: 1)
        try evaluation.recordUnclassified(label: 1)
        try evaluation.record(label: 2, prediction: 2)
        #expect(evaluation.total == 3 && evaluation.correct == 2 && evaluation.unclassifiedCount == 1)
        #expect(evaluation.accuracy == 2.0 / 3.0)
        #expect(evaluation.perClassAccuracy == [nil, 0.5, 1.0])
        #expect(evaluation.predictions == [1, nil, 2])
        #expect(throws: EvaluationError.self) { try evaluation.recordUnclassified(label: 3) }
        let report = EvaluationReport(variant: .eager, model: "m", evaluation: evaluation, includePredictions: true)
        #expect(report.emptyFrames == 1 && report.predictions == [1, nil, 2])
    }

    @Test("a label or prediction outside the classes is an error naming it, and records nothing")
    func outOfRange() throws {
        var evaluation = Evaluation(classCount: 10)
        #expect(throws: EvaluationError("true label 200 is not a class of this model (0..<10)")) {
            try evaluation.record(label: 200, prediction: 1)
        }
        #expect(throws: EvaluationError("true label -1 is not a class of this model (0..<10)")) {
            try evaluation.record(label: -1, prediction: 1)
        }
        #expect(throws: EvaluationError("prediction 10 is not a class of this model (0..<10)")) {
            try evaluation.record(label: 1, prediction: 10)
        }
        #expect(evaluation.total == 0)
        #expect(evaluation.confusion.allSatisfy { $0.allSatisfy { $0 == 0 } })
    }

    @Test("eval JSON has exactly DESIGN.md's keys; predictions only when asked")
    func json() throws {
        var evaluation = Evaluation(classCount: 10)
        try evaluation.record(label: 3, prediction: 3)
        try evaluation.record(label: 4, prediction: 9)
        for include in [false, true] {
            let report = EvaluationReport(
                variant: .eager, model: "m.safetensors", evaluation: evaluation, includePredictions: include)
            let data = try JSONEncoder().encode(report)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var keys: Set = [
                "variant", "model", "total", "correct", "accuracy", "per_class", "confusion", "empty_frames",
                "classes",
            ]
            if include { keys.insert("predictions") }
            #expect(Set(object.keys) == keys)
            #expect(object["variant"] as? String == "eager")
            #expect(object["accuracy"] as? Double == 0.5)
            let perClass = try #require(object["per_class"] as? [Any])
            #expect(perClass.count == 10)
            #expect(perClass[3] as? Double == 1 && perClass[4] as? Double == 0 && perClass[0] is NSNull)
            #expect((object["confusion"] as? [[Int]])?[4][9] == 1)
            if include { #expect(object["predictions"] as? [Int] == [3, 9]) }
            #expect(try JSONDecoder().decode(EvaluationReport.self, from: data) == report)
        }
    }
}
