window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "j.teacher@example.com",
      "createdVia" : "web",
      "username" : "MsTeachesMaths",
      "accountId" : "1234567890",
      "accountDisplayName" : "Ms J"
    }
  }
]
