package genshot.host.kdenlive.internal;

/**
 * The host adapter contract for Kdenlive document version 1.1 (Kdenlive 23.04 and later), over the golden projects
 * in {@code src/test/resources/golden/kdenlive/1.1/}; the projects it writes have the 1.1 layout.
 */
class KdenliveAdapterContract11Test extends KdenliveAdapterContractTest {

    @Override
    String version() {
        return "1.1";
    }
}
