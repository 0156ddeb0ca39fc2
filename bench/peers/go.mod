module github.com/bucketpolicy/bucketpolicy/bench/peers

go 1.26.6

replace github.com/bucketpolicy/bucketpolicy => ../..

require (
	github.com/bucketpolicy/bucketpolicy v0.0.0-00010101000000-000000000000
	github.com/cedar-policy/cedar-go v1.9.1
	github.com/gobwas/glob v1.1.0
	github.com/gorilla/mux v1.8.1
	github.com/seaweedfs/seaweedfs v0.0.0-20261109003541-7506e5f91cd6
)

require (
	github.com/aws/aws-sdk-go v1.55.8 // indirect
	github.com/go-json-experiment/json v1.27.2 // indirect
	github.com/jmespath/go-jmespath v0.4.0 // indirect
	github.com/tidwall/gjson v1.20.1 // indirect
	github.com/tidwall/match v1.2.0 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
	go4.org/netipx v0.0.0-20260823151212-3075585bcbeb // indirect
	golang.org/x/exp v0.0.0-20260813180055-c1d0aacb2297 // indirect
)
