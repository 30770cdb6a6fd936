package io.indicate.crm;

/** Hand-made Zendesk incremental-export records and pages, in the shape SOURCES.md §3 describes. */
public final class CrmPages {
    private CrmPages() {}

    public static String ticket(int id, String assignee, String status, String createdAt, String updatedAt) {
        return "{\"id\": " + id + ", \"status\": \"" + status + "\", \"assignee_id\": " + assignee + ", \"requester_id\": " + (9000 + id)
                + ", \"created_at\": \"" + createdAt + "\", \"updated_at\": \"" + updatedAt + "\", \"via\": {\"channel\": \"email\"}}";
    }

    public static String metric(int ticketId, Integer reply, Integer full, int reopens, String solvedAt, String updatedAt) {
        return "{\"id\": " + (500 + ticketId) + ", \"ticket_id\": " + ticketId
                + ", \"reply_time_in_minutes\": {\"calendar\": " + reply + ", \"business\": 1}"
                + ", \"full_resolution_time_in_minutes\": {\"calendar\": " + full + ", \"business\": 1}"
                + ", \"reopens\": " + reopens + ", \"replies\": 2, \"solved_at\": " + (solvedAt == null ? "null" : "\"" + solvedAt + "\"")
                + ", \"updated_at\": \"" + updatedAt + "\"}";
    }

    public static String rating(int id, int ticketId, String assignee, String score, String createdAt, String updatedAt) {
        return "{\"id\": " + id + ", \"ticket_id\": " + ticketId + ", \"assignee_id\": " + assignee + ", \"score\": \"" + score
                + "\", \"created_at\": \"" + createdAt + "\", \"updated_at\": \"" + updatedAt + "\"}";
    }

    public static String page(String key, String... records) {
        return "{\"" + key + "\": [\n" + String.join(",\n", records) + "\n], \"end_of_stream\": false}\n";
    }
}
