@testable import OfferboxService
import Testing

@Suite struct WakeSignalTests {
    @Test func aWaitWithoutARingLastsTheTimeout() async {
        let bell = WakeSignal()
        let clock = ContinuousClock()
        let elapsed = await clock.measure { await bell.wait(upTo: .milliseconds(200)) }
        // The idle daemon spun when this returned at once.
        #expect(elapsed >= .milliseconds(190))
    }

    @Test func repeatedWaitsEachLastTheTimeout() async {
        let bell = WakeSignal()
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            for _ in 0..<3 { await bell.wait(upTo: .milliseconds(100)) }
        }
        #expect(elapsed >= .milliseconds(290))
    }

    @Test func aRingWakesTheWaiter() async {
        let bell = WakeSignal()
        let clock = ContinuousClock()
        let ringer = Task {
            try? await Task.sleep(for: .milliseconds(50))
            bell.ring()
        }
        let elapsed = await clock.measure { await bell.wait(upTo: .seconds(30)) }
        await ringer.value
        #expect(elapsed < .seconds(20))
    }

    @Test func aRingWhileNobodyWaitsIsKeptForTheNextWait() async {
        let bell = WakeSignal()
        bell.ring()
        let clock = ContinuousClock()
        let first = await clock.measure { await bell.wait(upTo: .seconds(30)) }
        #expect(first < .seconds(20))
        // ... and only once.
        let second = await clock.measure { await bell.wait(upTo: .milliseconds(150)) }
        #expect(second >= .milliseconds(140))
    }
}
