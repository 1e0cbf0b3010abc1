window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "retweeted" : false,
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "id_str" : "1050118621198921728",
      "created_at" : "Wed Oct 10 20:19:24 +0000 2018",
      "full_text" : "Lovely walk by the sea this morning &amp; a coffee after. Back to marking tonight.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "entities" : { "urls" : [ ] },
      "id_str" : "1050118621198921729",
      "created_at" : "Thu Oct 11 16:02:00 +0000 2018",
      "full_text" : "Year 11 — any questions about the coursework, text me on 07700 900412",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "entities" : { "urls" : [ { "url" : "https://t.co/abc123", "expanded_url" : "https://chat.whatsapp.com/Kx9aBcDeF", "display_url" : "chat.whatsapp.com/Kx9aBcDeF" } ] },
      "id_str" : "1096543210987654321",
      "in_reply_to_status_id_str" : "1096543210987650000",
      "in_reply_to_screen_name" : "parentgroup",
      "created_at" : "Sat Feb 16 09:30:00 +0000 2019",
      "full_text" : "@parentgroup Parents can join our class chat here https://t.co/abc123",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "entities" : { "urls" : [ ] },
      "id_str" : "1096543210987654400",
      "created_at" : "Mon Mar 04 18:00:00 +0000 2019",
      "full_text" : "RT @teachernews: Great piece on reading for pleasure in primary schools",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "entities" : { "urls" : [ { "url" : "https://t.co/long1", "expanded_url" : "https://twitter.com/i/web/status/1623000000000000000" } ] },
      "id_str" : "1623000000000000000",
      "created_at" : "Fri Feb 10 17:23:45 +0000 2023",
      "full_text" : "Some thoughts on this week. The new pay policy from the trust is a disgrace and SLT… https://t.co/long1",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "entities" : { "urls" : [ ] },
      "id_str" : "1700000000000000001",
      "created_at" : "Sat Sep 09 08:15:00 +0000 2023",
      "full_text" : "Long week, wine o'clock. Have a good weekend everyone!",
      "lang" : "en"
    }
  }
]
