package main

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The reply bodies. One shape serves the four clouds: the elements one cloud
// has and another has not are omitted when empty.

// xmlNamespace is the namespace S3 and OBS put on their replies; OSS and COS
// use none.
var xmlNamespace = map[dialect]string{
	dialectAWS: "http://s3.amazonaws.com/doc/2006-03-01/",
	dialectOBS: "http://obs.myhwclouds.com/doc/2015-06-30/",
}

const isoTime = "2006-01-02T15:04:05.000Z"

func isoDate(t time.Time) string { return t.UTC().Format(isoTime) }

type xmlOwner struct {
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName,omitempty"`
}

type listAllMyBucketsResult struct {
	XMLName xml.Name    `xml:"ListAllMyBucketsResult"`
	Xmlns   string      `xml:"xmlns,attr,omitempty"`
	Owner   xmlOwner    `xml:"Owner"`
	Buckets []xmlBucket `xml:"Buckets>Bucket"`
}

type xmlBucket struct {
	Name         string `xml:"Name"`
	CreationDate string `xml:"CreationDate"`
	Location     string `xml:"Location,omitempty"`
	Region       string `xml:"Region,omitempty"`
	BucketType   string `xml:"BucketType,omitempty"`
	StorageClass string `xml:"StorageClass,omitempty"`
}

type xmlContent struct {
	Key          string    `xml:"Key"`
	LastModified string    `xml:"LastModified"`
	ETag         string    `xml:"ETag"`
	Size         int64     `xml:"Size"`
	StorageClass string    `xml:"StorageClass"`
	Owner        *xmlOwner `xml:"Owner,omitempty"`
	Type         string    `xml:"Type,omitempty"` // OSS: Normal
}

type xmlPrefix struct {
	Prefix string `xml:"Prefix"`
}

// listBucketResult is ListObjects (v1) and ListObjectsV2's reply; the
// fields of the version not asked are left empty.
type listBucketResult struct {
	XMLName               xml.Name     `xml:"ListBucketResult"`
	Xmlns                 string       `xml:"xmlns,attr,omitempty"`
	Name                  string       `xml:"Name"`
	Prefix                string       `xml:"Prefix"`
	Marker                *string      `xml:"Marker"`
	NextMarker            string       `xml:"NextMarker,omitempty"`
	StartAfter            string       `xml:"StartAfter,omitempty"`
	ContinuationToken     string       `xml:"ContinuationToken,omitempty"`
	NextContinuationToken string       `xml:"NextContinuationToken,omitempty"`
	KeyCount              *int         `xml:"KeyCount"`
	MaxKeys               int          `xml:"MaxKeys"`
	Delimiter             string       `xml:"Delimiter,omitempty"`
	EncodingType          string       `xml:"EncodingType,omitempty"`
	IsTruncated           bool         `xml:"IsTruncated"`
	Contents              []xmlContent `xml:"Contents"`
	CommonPrefixes        []xmlPrefix  `xml:"CommonPrefixes"`
}

type copyObjectResult struct {
	XMLName      xml.Name `xml:"CopyObjectResult"`
	Xmlns        string   `xml:"xmlns,attr,omitempty"`
	ETag         string   `xml:"ETag"`
	LastModified string   `xml:"LastModified"`
	CRC64        string   `xml:"CRC64,omitempty"` // COS
}

// deleteRequest is DeleteObjects' body.
type deleteRequest struct {
	XMLName xml.Name `xml:"Delete"`
	Quiet   bool     `xml:"Quiet"`
	Objects []struct {
		Key       string `xml:"Key"`
		VersionID string `xml:"VersionId"`
	} `xml:"Object"`
}

type deleteResult struct {
	XMLName      xml.Name         `xml:"DeleteResult"`
	Xmlns        string           `xml:"xmlns,attr,omitempty"`
	EncodingType string           `xml:"EncodingType,omitempty"`
	Deleted      []deletedEntry   `xml:"Deleted"`
	Errors       []deleteErrEntry `xml:"Error"`
}

type deletedEntry struct {
	Key string `xml:"Key"`
}

type deleteErrEntry struct {
	Key     string `xml:"Key"`
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

// writeXML answers 200 with v as an XML document.
func writeXML(w http.ResponseWriter, v any) *apiError {
	out, err := xml.Marshal(v)
	if err != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "encoding the reply: %v", err)
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(xml.Header)+len(out)))
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(xml.Header))
	w.Write(out)
	return nil
}

// encodeKey writes a key or prefix as encoding-type=url asks: percent-encoded,
// a space as %20.
func encodeKey(s string, encoding string) string {
	if encoding != "url" {
		return s
	}
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
