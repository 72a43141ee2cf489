import EdgeTensor
import Foundation
import Testing

@testable import EdgeIO

@Suite("JSONValue")
struct JSONValueTests {
    @Test("serializes in key order; NaN and Inf become null; strings escaped per RFC 8259")
    func serialization() {
        let v = JSONValue.object([
            ("z", .int(1)), ("a", .array([.double(1.5), .null, .bool(true)])),
            ("n", .double(.nan)), ("s", .string("é")), ("u", .uint(UInt64.max)), ("i", .double(-.infinity)),
        ])
        #expect(
            v.serialized()
                == "{\"z\":1,\"a\":[1.5,null,true],\"n\":null,\"s\":\"é\",\"u\":18446744073709551615,\"i\":null}")
        #expect(
            v.serialized(pretty: true)
                == "{\n  \"z\": 1,\n  \"a\": [1.5, null, true],\n  \"n\": null,\n  \"s\": \"é\",\n  \"u\": 18446744073709551615,\n  \"i\": null\n}"
        )
        #expect(JSONValue.quoted("a\"b\\c\n\r\t\u{1}\u{1F}/") == #""a\"b\\c\n\r\t\u0001\u001f/""#)
        #expect(JSONValue.double(3).serialized() == "3" && JSONValue.double(0.25).serialized() == "0.25")
        #expect(
            JSONValue(nil as Double?) == .null && JSONValue(Optional(2)) == .int(2) && JSONValue("x") == .string("x"))
        #expect(JSONValue.rounded(0.123456789, digits: 4) == .double(0.1235))
        #expect(JSONValue.rounded(.nan, digits: 4) == .null)
    }

    @Test("every serialized value parses back with Foundation, whatever the strings hold")
    func roundTrip() throws {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let scalars = (0..<8).map { _ in
                Unicode.Scalar(UInt32(generator.next() % 0xD7FF)).map(Character.init) ?? "?"
            }
            let text = String(scalars)
            let document = JSONValue.object([
                (text, .array([.string(text), .double(Double(generator.next() % 1000) / 7)]))
            ]).serialized()
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: [Any]])
            #expect(parsed[text]?.first as? String == text)
        }
    }

    @Test("decodes any JSON document, objects with sorted keys, and looks keys up")
    func decoding() throws {
        let value = try JSONDecoder().decode(
            JSONValue.self, from: Data(#"{"b":[1,2.5,"x",null,true],"a":{"k":-3}}"#.utf8))
        #expect(
            value
                == .object([
                    ("a", .object([("k", .int(-3))])),
                    ("b", .array([.int(1), .double(2.5), .string("x"), .null, .bool(true)])),
                ]))
        #expect(value["a"]?["k"] == .int(-3))
        #expect(value["a"]?["k"]?.nonNegativeInt == nil && value["b"] != nil && value["c"] == nil)
        #expect(
            JSONValue.int(7).nonNegativeInt == 7 && JSONValue.int(7).number == 7 && JSONValue.string("7").number == nil)
    }
}
