package io.indicate.telephony;

/**
 * One parsed queue_log line: {@code epoch|callid|queue|agent|event|data1..data5}. Missing trailing data
 * fields are null; fields beyond data5 stay in data5, joined with '|', as Asterisk wrote them.
 */
public record QueueLogEvent(long epoch, String callid, String queue, String agent, String event,
                            String data1, String data2, String data3, String data4, String data5) {
}
