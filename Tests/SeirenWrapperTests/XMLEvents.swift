import SeirenXML

/// Every event of reading `xml` with `options`, in order (the XML reader tests compare whole event lists).
func events(_ xml: String, options: XMLReadOptions = XMLReadOptions()) throws -> [XMLEvent] {
    var result: [XMLEvent] = []
    try XMLReader.read(Array(xml.utf8), options: options) { result.append($0) }
    return result
}
