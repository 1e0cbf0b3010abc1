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
      "id_str" : "10965432