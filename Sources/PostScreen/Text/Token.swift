/// One token of a draft. Offsets are into the folded text; `TokenStream` maps them back to the original.
struct Token {
    enum Kind: UInt8 {
        case word  // letters and digits: "Ben", "O'Connor", "Hart-Smith", "Y11", "th1ef"
        case hashtag  // "#HarbourProud"
        case handle  // "@HarboursideCS"
        case punct  // one ASCII punctuation byte
        case symbol  // an emoji or other symbol
    }

    struct Flags: OptionSet {
        let rawValue: UInt8
        static let capitalised = Flags(rawValue: 1 << 0)  // first letter upper case
        static let allCaps = Flags(rawValue: 1 << 1)  // at least two letters, all upper case
        static let hasDigit = Flags(rawValue: 1 << 2)
        static let hasLetter = Flags(rawValue: 1 << 3)
        static let merged = Flags(rawValue: 1 << 4)  // rebuilt from spaced or dotted letters
        static let newlineBefore = Flags(rawValue: 1 << 5)
        static let nonASCII = Flags(rawValue: 1 << 6)
    }

    /// Folded byte range.
    var start: Int32
    var end: Int32
    /// Range of the lower-case key in `TokenStream.keys`.
    var keyStart: Int32
    var keyEnd: Int32
    /// Range of the leetspeak reading ("th1ef" → "thief") in `TokenStream.keys`, empty when none.
    var leetStart: Int32 = 0
    var leetEnd: Int32 = 0
    var kind: Kind
    var flags: Flags
    /// Spaces before the token (capped).
    var gapBefore: UInt8 = 0
    /// Sentence and clause ordinals, for scoping rules.
    var sentence: Int32 = 0
    var clause: Int32 = 0
    /// Vocabulary ids assigned by the lexicon matcher (-1: not in any lexicon).
    var word: Int32 = -1
    var leetWord: Int32 = -1

    var isWord: Bool { kind == .word }
    var length: Int { Int(end - start) }
}
