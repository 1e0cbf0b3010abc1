import ArgumentParser
import Foundation
import PostScreen

/// `screen history`: re-screen post-history exports. (Lands with issue 4.)
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-screen a post history export.")
    @Argument(help: "Export files or folders.") var inputs: [String]
    mutating func run() throws { throw CLIFailure(description: "history: not available yet") }
}
