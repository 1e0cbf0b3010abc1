window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1622999999999999999",
      "updatedAt" : "2023-02-10T17:23:45.000Z",
      "lifecycle" : { "value" : "1623000000000000000", "name" : "tweetId" },
      "createdAt" : "2023-02-10T17:23:45.000Z",
      "core" : {
        "styletags" : [ ],
        "urls" : [ ],
        "text" : "Some thoughts on this week. The new pay policy from the trust is a disgrace and SLT have stitched us up again. Going to the papers if nothing changes by half term.",
        "mentions" : [ ],
        "cashtags" : [ ],
        "hashtags" : [ ]
      }
    }
  }
]
