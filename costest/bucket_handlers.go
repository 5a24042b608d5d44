package costest

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"sort"
	"strings"
)

var bucketNameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]+$`)

// checkBucketName applies the rules of cos-protocol.md section 2.
func (s *Server) checkBucketName(name string) *Error {
	if !bucketNameRE.MatchString(name) {
		return badRequest("InvalidBucketName", "The bucket name %q must be <name>-<appid>: lower-case letters, digits and '-', not starting or ending with '-'.", name)
	}
	if !allowAnyAppID && !strings.HasSuffix(name, "-"+s.cfg.appID) {
		return badRequest("InvalidBucketName", "The bucket name %q must end with -%s.", name, s.cfg.appID)
	}
	if host := name + ".cos." + s.cfg.region + ".myqcloud.com"; len(host) > 60 {
		return badRequest("InvalidBucketName", "The bucket host %q is longer than 60 characters.", host)
	}
	return nil
}

func (s *Server) ownerXML() ownerXML {
	return ownerXML{ID: s.ownerID(), DisplayName: s.cfg.owner}
}

func (s *Server) listBuckets(c *reqCtx) *Error {
	region := c.q.get("region")
	if region == "" {
		region = c.hostRegion
	}
	res := listAllMyBucketsResult{Owner: s.ownerXML()}
	if region == "" || region == s.cfg.region {
		s.store.mu.RLock()
		for _, b := range s.store.buckets {
			res.Buckets = append(res.Buckets, bucketEntryXML{Name: b.name, Location: s.cfg.region,
				CreationDate: b.created.UTC().Format(timeISOSec), BucketType: "cos"})
		}
		s.store.mu.RUnlock()
	}
	sort.Slice(res.Buckets, func(i, j int) bool { return res.Buckets[i].Name < res.Buckets[j].Name })
	return c.writeXML(http.StatusOK, res)
}

func (s *Server) createBucket(c *reqCtx) *Error {
	if e := s.checkBucketName(c.bucket); e != nil {
		return e
	}
	acl, e := aclFromHeaders(c.r.Header, false)
	if e != nil {
		return e
	}
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return e
	}
	az := ""
	if len(body) > 0 {
		var cfg createBucketConfiguration
		if err := xml.Unmarshal(body, &cfg); err != nil {
			return errMalformedXML("CreateBucketConfiguration: %v", err)
		}
		switch az = strings.TrimSpace(cfg.BucketAZConfig); az {
		case "", "MAZ", "OAZ":
		default:
			return errInvalidArgument("BucketAZConfig %q must be MAZ or OAZ.", az)
		}
	}
	return s.addBucket(c.bucket, acl, az)
}

// addBucket creates a bucket; CreateBucket and the seeding helper share it.
func (s *Server) addBucket(name string, acl aclPolicy, az string) *Error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if s.store.buckets[name] != nil {
		return newError(http.StatusConflict, "BucketAlreadyOwnedByYou", "")
	}
	if len(s.store.buckets) >= maxBuckets {
		return badRequest("TooManyBuckets", "")
	}
	s.store.buckets[name] = newBucket(name, s.now(), acl, az)
	return nil
}

func (s *Server) deleteBucket(c *reqCtx) *Error {
	return s.updateBucket(c, func(b *bucket) *Error {
		if len(b.versions) > 0 || len(b.uploads) > 0 {
			return newError(http.StatusConflict, "BucketNotEmpty", "")
		}
		delete(s.store.buckets, c.bucket)
		return nil
	}, http.StatusNoContent)
}

func (s *Server) headBucket(c *reqCtx) *Error {
	az := ""
	if e := s.readBucket(c.bucket, func(b *bucket) *Error { az = b.azType; return nil }); e != nil {
		return e
	}
	if az == "MAZ" {
		c.w.Header().Set("x-cos-bucket-az-type", az)
	}
	return c.writeEmpty(http.StatusOK)
}

func (s *Server) getBucketLocation(c *reqCtx) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	return c.writeXML(http.StatusOK, locationXML{Region: s.cfg.region})
}

func (s *Server) bucketExists(name string) *Error {
	return s.readBucket(name, func(*bucket) *Error { return nil })
}
