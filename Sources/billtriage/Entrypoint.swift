import TriageCommands

@main
struct Entrypoint {
    static func main() async {
        await BillTriage.mainOnMainThread()
    }
}
