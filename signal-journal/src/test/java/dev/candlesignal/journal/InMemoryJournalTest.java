package dev.candlesignal.journal;

import dev.candlesignal.journal.contract.JournalContract;

class InMemoryJournalTest extends JournalContract {
    @Override
    protected SignalJournal create() {
        return SignalJournal.inMemory();
    }

    /** Nothing survives a restart in memory; "reopening" keeps using the same instance. */
    @Override
    protected SignalJournal reopen(SignalJournal journal) {
        return journal;
    }
}
