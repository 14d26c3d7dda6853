import ArgumentParser
import EvidenceTrail
import Foundation
import TenderReports

extension TenderCommand {
    /// `tender key generate --name NAME --out DIR`.
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage Ed25519 signing keys for panel members.", subcommands: [Generate.self])

        struct Generate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Generate an Ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub (public).",
                discussion: """
                    Prints the key ID (SHA-256 of the raw public key) and the <PublicKey> element to put \
                    on the member in the plan's <Panel>. Refuses to write inside a case folder: private \
                    keys never live there.
                    """)
            @Option(help: "The key's name (file names NAME.key and NAME.pub).") var name: String
            @Option(help: "The folder to write to (created if missing).") var out: String
            @OptionGroup var output: OutputOptions

            func validate() throws {
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                    throw ValidationError("--name may hold only letters, digits, '-', '_' and '.'")
                }
            }

            func run() throws {
                let folder = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
                let privateURL = folder.appendingPathComponent("\(name).key")
                if let enclosing = CaseLocation.enclosingCase(of: privateURL) {
                    Console.error(
                        "\(out): error: this is inside the case folder \(enclosing.path); private keys never live in a case folder"
                    )
                    throw ExitCode(2)
                }
                let publicURL = folder.appendingPathComponent("\(name).pub")
                for url in [privateURL, publicURL] where FileManager.default.fileExists(atPath: url.path) {
                    Console.error(
                        "\(url.path): error: exists; choose another --name or folder (a key is never overwritten)")
                    throw ExitCode(2)
                }
                let key = PrivateSigningKey()
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    guard
                        FileManager.default.createFile(
                            atPath: privateURL.path, contents: Data(key.pem.utf8),
                            attributes: [.posixPermissions: 0o600])
                    else {
                        Console.error("\(privateURL.path): error: cannot write the private key")
                        throw ExitCode(2)
                    }
                    try AtomicFile.write(Array(key.publicKey.pem.utf8), to: publicURL)
                } catch let error as ExitCode {
                    throw error
                } catch {
                    Console.error("\(out): error: \(error)")
                    throw ExitCode(2)
                }
                let publicKey = key.publicKey
                output.print(
                    text: { _ in
                        """
                        Private key: \(privateURL.path) (mode 0600; keep it out of every case folder)
                        Public key:  \(publicURL.path)
                        Key ID:      \(publicKey.keyID.hex)
                        In the plan's <Panel>, on this member:
                          <PublicKey algorithm="ed25519">\(publicKey.spkiBase64)</PublicKey>
                        """
                    },
                    json: {
                        KeyJSON.render(
                            privateKey: privateURL.path, publicKey: publicURL.path, keyID: publicKey.keyID.hex,
                            spkiBase64: publicKey.spkiBase64)
                    })
            }
        }
    }
}
