/// JSON text as the register prints it, keys sorted (the stored rows' own form, so that a view
/// prints what the store holds).
public enum JSONText {
    public static func object(_ values: [String: String]) -> String {
        var json = JSONWriter(reserving: 256)
        json.beginObject()
        for key in values.keys.sorted() {
            json.key(key)
            json.string(values[key])
        }
        json.endObject()
        return json.text
    }

    public static func array(_ values: [String]) -> String {
        var json = JSONWriter(reserving: 256)
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
        return json.text
    }
}
