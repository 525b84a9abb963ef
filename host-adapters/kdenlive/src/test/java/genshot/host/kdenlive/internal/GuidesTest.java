package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import genshot.timeline.Marker;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuidesTest {

    @Test
    void readsCommentAndPosition() {
        assertEquals(List.of(new Marker(50, "gap starts"), new Marker(120, "genshot: a \"red\" sky\n")),
                Guides.parse("[{\"comment\": \"gap starts\", \"pos\": 50, \"type\": 0},\n {\"type\":1,\"extra\":{\"a\":[1,2,null]},"
                        + "\"pos\":120,\"comment\":\"genshot: a \\\"red\\\" sky\\n\"}]"));
        assertEquals(List.of(), Guides.parse("[\n]\n"));
        assertEquals(List.of(), Guides.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Guides.parse("[{\"pos\": 5"));
    }
}
