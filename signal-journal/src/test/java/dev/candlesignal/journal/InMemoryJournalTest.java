package dev.candlesignal.journal;

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
